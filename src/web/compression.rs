//! Content codings: which one a client accepts, and gzip and brotli
//! encoders at two settings — thorough for pages compressed once and kept
//! (the page cache), quick for responses made per request (search,
//! recommended steps, API answers), which are compressed on the worker
//! thread that made them.

use std::io::Write;

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_ENCODING;
use actix_web::web::Bytes;

/// The content codings the portal sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

/// How hard to compress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Paid once per cached page: close to the best ratio.
    Thorough,
    /// Paid per response: a good ratio at a small fraction of the time.
    Quick,
}

impl Coding {
    /// The best coding the request accepts: brotli, then gzip, then none.
    pub fn negotiate(req: &HttpRequest) -> Coding {
        let mut accepted = Accepted::default();
        for value in req.headers().get_all(ACCEPT_ENCODING) {
            if let Ok(value) = value.to_str() {
                accepted.read(value);
            }
        }
        accepted.best()
    }

    /// The `Content-Encoding` value, `None` for identity.
    pub fn header_value(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }

    /// `data` in this coding.
    pub fn encode(self, data: &[u8], effort: Effort) -> Bytes {
        match self {
            Coding::Identity => Bytes::copy_from_slice(data),
            Coding::Gzip => gzip(data, effort),
            Coding::Brotli => brotli(data, effort),
        }
    }
}

/// The quality values an `Accept-Encoding` header gives the codings the
/// portal sends (read without allocating: it is parsed for every request).
#[derive(Debug, Default)]
struct Accepted {
    brotli: Option<f32>,
    gzip: Option<f32>,
    any: Option<f32>,
}

impl Accepted {
    fn read(&mut self, header: &str) {
        for item in header.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                })
                // A quality that does not parse does not accept.
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            if name.eq_ignore_ascii_case("br") {
                self.brotli = Some(quality);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                self.gzip = Some(quality);
            } else if name == "*" {
                self.any = Some(quality);
            }
        }
    }

    /// The accepted coding with the highest quality; brotli on a tie.
    fn best(&self) -> Coding {
        let brotli = self.brotli.or(self.any).unwrap_or(0.0);
        let gzip = self.gzip.or(self.any).unwrap_or(0.0);
        if brotli > 0.0 && brotli >= gzip {
            Coding::Brotli
        } else if gzip > 0.0 {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

fn gzip(data: &[u8], effort: Effort) -> Bytes {
    let level = match effort {
        Effort::Thorough => flate2::Compression::best(),
        Effort::Quick => flate2::Compression::new(5),
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3), level);
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    Bytes::from(encoder.finish().unwrap_or_default())
}

fn brotli(data: &[u8], effort: Effort) -> Bytes {
    let (quality, window) = match effort {
        Effort::Thorough => (9, 22),
        Effort::Quick => (4, 20),
    };
    let mut out = Vec::with_capacity(data.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, window);
        // Writing to a Vec cannot fail.
        let _ = writer.write_all(data);
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn every_coding_and_effort_decodes_to_the_input() {
        let text = "<!doctype html><p>hallo wereld, uw factuur</p>".repeat(80);
        for effort in [Effort::Thorough, Effort::Quick] {
            let mut gz = String::new();
            flate2::read::GzDecoder::new(&Coding::Gzip.encode(text.as_bytes(), effort)[..])
                .read_to_string(&mut gz)
                .unwrap();
            assert_eq!(gz, text);
            let br_bytes = Coding::Brotli.encode(text.as_bytes(), effort);
            let mut br = String::new();
            brotli::Decompressor::new(&br_bytes[..], 4096)
                .read_to_string(&mut br)
                .unwrap();
            assert_eq!(br, text);
            assert!(br_bytes.len() < text.len() / 5);
        }
    }

    #[test]
    fn negotiation_prefers_brotli_then_gzip_and_honours_q_zero() {
        let with = |v: &str| {
            Coding::negotiate(
                &TestRequest::get()
                    .insert_header(("Accept-Encoding", v))
                    .to_http_request(),
            )
        };
        assert_eq!(with("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(with("gzip"), Coding::Gzip);
        assert_eq!(with("br;q=0, gzip"), Coding::Gzip);
        assert_eq!(with("identity"), Coding::Identity);
        assert_eq!(with("*"), Coding::Brotli);
        assert_eq!(with("gzip;q=0, br;q=0"), Coding::Identity);
        assert_eq!(with("*;q=0.1, GZIP"), Coding::Gzip);
        assert_eq!(with("br;q=nonsense, gzip;q=0.2"), Coding::Gzip);
        assert_eq!(with("deflate"), Coding::Identity);
        assert_eq!(
            Coding::negotiate(&TestRequest::get().to_http_request()),
            Coding::Identity
        );
    }
}
