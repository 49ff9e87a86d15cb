//! Content codings: which one a client accepts, and gzip and brotli
//! encoders at two settings — thorough for pages compressed once and kept
//! (the page cache), quick for responses made per request (search,
//! recommended steps, API answers), which are compressed on the worker
//! thread that made them.

use std::io::Write;

use actix_web::HttpRequest;
use actix_web::http::header::{AcceptEncoding, Encoding, Header};
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
        if !req.headers().contains_key("accept-encoding") {
            return Coding::Identity;
        }
        let Ok(accept) = AcceptEncoding::parse(req) else {
            return Coding::Identity;
        };
        let supported = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];
        match accept.negotiate(supported.iter()) {
            Some(e) if e == Encoding::brotli() => Coding::Brotli,
            Some(e) if e == Encoding::gzip() => Coding::Gzip,
            _ => Coding::Identity,
        }
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
        assert_eq!(
            Coding::negotiate(&TestRequest::get().to_http_request()),
            Coding::Identity
        );
    }
}
