-- The "Veelgestelde vragen" lists count the results opened in the last
-- 30 days, every half minute: read them by time.
CREATE INDEX result_opens_created ON result_opens (created_at, article_id);
