//! The request-line guard: what stands between a TCP connection and the
//! HTTP/1 parser so that an over-long URI gets the portal's localized
//! `414` page instead of the parser's bare answer.
//!
//! actix-http cannot hand such a request to the application: `http::Uri`
//! holds at most 65,534 bytes (longer URIs are a bare `400`) and a request
//! head over 128 KiB is a bare `431`, and neither limit can be configured.
//! So the guard follows HTTP/1 framing on the bytes read from the client
//! (request line, head, `Content-Length` body) and replaces a request line
//! longer than [`MAX_REQUEST_LINE`] by `METHOD` [`MARKER`] `HTTP/1.1`,
//! dropping the rest of that line as it arrives. The front middleware
//! answers the marker path with the `414` page, and the request's own
//! headers (`Accept-Language`) still reach it.
//!
//! Cost: a request line that arrives whole in one read passes untouched
//! and nothing is allocated; only a line split over reads is held (up to
//! the limit) until it is complete. A body with `Transfer-Encoding` is not
//! followed: the rest of that connection passes unguarded (and the parser
//! answers as before).

use super::limits::{MARKER, MAX_URI_BYTES};

/// The longest request line passed on, `\r\n` included: the URI limit
/// plus room for a method and the version, still below what `http::Uri`
/// can hold.
pub const MAX_REQUEST_LINE: usize = MAX_URI_BYTES + 32;

/// How much of a header line is kept to read `Content-Length` and
/// `Transfer-Encoding`.
const HEADER_PREFIX: usize = 32;

/// Where in the HTTP/1 stream the guard is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// At or in a request line; `held` is the part read so far (empty
    /// unless the line was split over reads).
    Line { held: Vec<u8> },
    /// Dropping the rest of an over-long request line.
    Dropping,
    /// In the header lines.
    Head(Head),
    /// In a body with this many bytes left.
    Body(u64),
    /// Framing the guard does not follow: everything passes.
    Opaque,
}

/// What the header lines said so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Head {
    /// The start of the current header line (its first `line_len` bytes,
    /// at most [`HEADER_PREFIX`]).
    line: [u8; HEADER_PREFIX],
    /// Bytes in the current line so far.
    line_len: usize,
    content_length: u64,
    /// `Transfer-Encoding`, or a `Content-Length` the guard cannot read.
    unframed: bool,
}

/// The guard's state for one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    stage: Stage,
}

impl Default for Guard {
    fn default() -> Self {
        Guard {
            stage: Stage::Line { held: Vec::new() },
        }
    }
}

/// Where the guard's output goes.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A sink that only checks whether the output repeats `expected`.
struct Same<'a> {
    expected: &'a [u8],
    at: usize,
    same: bool,
}

impl Sink for Same<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = self.at + bytes.len();
        self.same = self.same && self.expected.get(self.at..end) == Some(bytes);
        self.at = end;
    }
}

impl Guard {
    /// Whether `input` passes exactly as it is (the common case: nothing
    /// is copied or allocated); if so the guard has moved past it.
    /// Otherwise nothing changed and [`Guard::feed`] must be used.
    pub fn passes(&mut self, input: &[u8]) -> bool {
        let mut probe = self.clone();
        let mut same = Same {
            expected: input,
            at: 0,
            same: true,
        };
        probe.run(input, &mut same);
        if same.same && same.at == input.len() {
            *self = probe;
            true
        } else {
            false
        }
    }

    /// Reads `input` and appends what the parser should see to `out`.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        self.run(input, out);
    }

    fn run(&mut self, mut input: &[u8], out: &mut impl Sink) {
        while !input.is_empty() {
            let used = match &mut self.stage {
                Stage::Opaque => {
                    out.put(input);
                    input.len()
                }
                Stage::Body(left) => {
                    let n = usize::try_from(*left)
                        .unwrap_or(usize::MAX)
                        .min(input.len());
                    out.put(&input[..n]);
                    *left -= n as u64;
                    if *left == 0 {
                        self.stage = Stage::Line { held: Vec::new() };
                    }
                    n
                }
                Stage::Dropping => match input.iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        self.stage = Stage::Head(Head::default());
                        end + 1
                    }
                    None => input.len(),
                },
                Stage::Line { held } => {
                    let end = input.iter().position(|&b| b == b'\n');
                    let part = end.map_or(input.len(), |e| e + 1);
                    if held.len() + part > MAX_REQUEST_LINE {
                        let method = method(held, input);
                        out.put(format!("{method} {MARKER} HTTP/1.1\r\n").as_bytes());
                        self.stage = Stage::Dropping;
                        0
                    } else if end.is_some() {
                        out.put(held);
                        out.put(&input[..part]);
                        // An empty line before a request is still "before".
                        let blank = held
                            .iter()
                            .chain(&input[..part])
                            .all(|b| *b == b'\r' || *b == b'\n');
                        self.stage = if blank {
                            Stage::Line { held: Vec::new() }
                        } else {
                            Stage::Head(Head::default())
                        };
                        part
                    } else {
                        held.extend_from_slice(input);
                        part
                    }
                }
                Stage::Head(head) => {
                    let (used, next) = head.read(input, out);
                    if let Some(next) = next {
                        self.stage = next;
                    }
                    used
                }
            };
            input = &input[used..];
        }
    }
}

impl Head {
    /// Passes header bytes up to the end of the current line; the stage
    /// that follows when that line ended the head.
    fn read(&mut self, input: &[u8], out: &mut impl Sink) -> (usize, Option<Stage>) {
        let end = input.iter().position(|&b| b == b'\n');
        let part = end.map_or(input.len(), |e| e + 1);
        out.put(&input[..part]);
        let kept = self.line_len.min(HEADER_PREFIX);
        let add = part.min(HEADER_PREFIX - kept);
        self.line[kept..kept + add].copy_from_slice(&input[..add]);
        self.line_len += part;
        if end.is_none() {
            return (part, None);
        }
        let length = std::mem::take(&mut self.line_len);
        let line = &self.line[..length.min(HEADER_PREFIX)];
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if length <= 2 && text.is_empty() {
            let next = if self.unframed {
                Stage::Opaque
            } else if self.content_length > 0 {
                Stage::Body(self.content_length)
            } else {
                Stage::Line { held: Vec::new() }
            };
            return (part, Some(next));
        }
        if let Some((name, value)) = text.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("transfer-encoding") {
                self.unframed = true;
            } else if name.eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<u64>() {
                    Ok(n) if length < HEADER_PREFIX => self.content_length = n,
                    _ => self.unframed = true,
                }
            }
        }
        (part, None)
    }
}

/// The method of a request line (held part first), when it looks like
/// one; `GET` otherwise.
fn method(held: &[u8], input: &[u8]) -> String {
    let token: Vec<u8> = held
        .iter()
        .chain(input)
        .copied()
        .skip_while(|b| *b == b'\r' || *b == b'\n')
        .take_while(|b| b.is_ascii_uppercase())
        .take(17)
        .collect();
    match String::from_utf8(token) {
        Ok(method) if !method.is_empty() && method.len() <= 16 => method,
        _ => "GET".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What the parser sees of `stream` read in pieces of `sizes`.
    fn through(stream: &[u8], sizes: &[usize]) -> Vec<u8> {
        let mut guard = Guard::default();
        let mut out = Vec::new();
        let mut rest = stream;
        let mut sizes = sizes.iter().cycle();
        while !rest.is_empty() {
            let n = sizes
                .next()
                .copied()
                .unwrap_or(rest.len())
                .clamp(1, rest.len());
            let (piece, after) = rest.split_at(n);
            if !guard.passes(piece) {
                guard.feed(piece, &mut out);
            } else {
                out.extend_from_slice(piece);
            }
            rest = after;
        }
        out
    }

    fn get(target: &str) -> String {
        format!("GET {target} HTTP/1.1\r\nHost: x\r\nAccept-Language: en-US\r\n\r\n")
    }

    #[test]
    fn normal_requests_pass_untouched_and_nothing_is_held() {
        let mut guard = Guard::default();
        let request = get("/nl-nl/?q=factuur");
        assert!(guard.passes(request.as_bytes()));
        assert_eq!(guard, Guard::default(), "back at a request line");
    }

    #[test]
    fn an_over_long_request_line_becomes_the_marker_and_keeps_its_headers() {
        let long = get(&format!("/nl-nl/search?q={}", "a".repeat(100 * 1024)));
        let next = get("/nl-nl/");
        let stream = format!("{long}{next}");
        let expected =
            format!("GET {MARKER} HTTP/1.1\r\nHost: x\r\nAccept-Language: en-US\r\n\r\n{next}");
        for sizes in [&[usize::MAX][..], &[1], &[4096], &[7, 13, 8192]] {
            assert_eq!(
                String::from_utf8_lossy(&through(stream.as_bytes(), sizes)),
                expected,
                "{sizes:?}"
            );
        }
        let head = format!("HEAD /{} HTTP/1.0\r\n\r\n", "b".repeat(MAX_REQUEST_LINE));
        assert!(
            through(head.as_bytes(), &[1000]).starts_with(format!("HEAD {MARKER} ").as_bytes())
        );
    }

    #[test]
    fn bodies_are_skipped_by_their_length_and_chunked_ones_end_the_guarding() {
        let body = "x".repeat(MAX_REQUEST_LINE + 10);
        let post = format!(
            "POST /nl-nl/feedback HTTP/1.1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let stream = format!("{post}{}", get("/a"));
        assert_eq!(through(stream.as_bytes(), &[999]), stream.as_bytes());
        let chunked = format!(
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{}",
            get(&"c".repeat(MAX_REQUEST_LINE))
        );
        assert_eq!(through(chunked.as_bytes(), &[512]), chunked.as_bytes());
    }

    proptest! {
        /// However a stream of well-formed requests is split into reads,
        /// the parser sees the same bytes; short requests pass untouched.
        #[test]
        fn splitting_never_changes_what_the_parser_sees(
            targets in proptest::collection::vec("/[a-z0-9%?=&]{0,40}", 1..4),
            long in proptest::option::of(MAX_REQUEST_LINE..MAX_REQUEST_LINE + 3000),
            body in "[a-z=&]{0,300}",
            sizes in proptest::collection::vec(1usize..700, 1..6),
        ) {
            let mut stream = String::new();
            for target in &targets {
                stream.push_str(&format!(
                    "POST {target} HTTP/1.1\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                ));
            }
            if let Some(n) = long {
                stream.push_str(&get(&format!("/{}", "q".repeat(n))));
            }
            let whole = through(stream.as_bytes(), &[usize::MAX]);
            prop_assert_eq!(&through(stream.as_bytes(), &sizes), &whole);
            if long.is_none() {
                prop_assert_eq!(&whole, &stream.as_bytes().to_vec());
            } else {
                let text = String::from_utf8_lossy(&whole);
                let replaced = format!(
                    "GET {MARKER} HTTP/1.1\r\nHost: x\r\nAccept-Language: en-US\r\n\r\n"
                );
                prop_assert!(text.ends_with(&replaced), "{}", text);
                prop_assert!(whole.len() < stream.len());
            }
        }

        /// Arbitrary bytes never make the guard panic or grow its output
        /// beyond the input plus one marker line per request line.
        #[test]
        fn arbitrary_bytes_are_read_without_failing(
            bytes in proptest::collection::vec(any::<u8>(), 0..4096),
            sizes in proptest::collection::vec(1usize..512, 1..4),
        ) {
            let out = through(&bytes, &sizes);
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            prop_assert!(out.len() <= bytes.len() + lines * (MARKER.len() + 32));
        }
    }
}
