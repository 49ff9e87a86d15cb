//! Property tests: front-matter parsing, Markdown rendering with sanitising
//! and request handling never panic, whatever the input; sanitised HTML
//! never carries a script element, an event handler or a `javascript:` URL.

mod common;

use actix_web::dev::Service;
use actix_web::http::Method;
use actix_web::test::{self, TestRequest};
use common::*;
use helpportal::content::front_matter::{parse, split};
use helpportal::content::links::LinkIndex;
use helpportal::content::markdown::render;
use helpportal::content::sanitize::sanitize;
use proptest::prelude::*;

/// Pieces of hostile and ordinary Markdown, HTML and YAML to combine.
const FRAGMENTS: &[&str] = &[
    "# Titel\n",
    "## Sectie {#anker}\n",
    "tekst met **vet** en `code`\n",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/a.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">klik</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">klik</a>",
    "<a href=\"&#106;avascript:alert(1)\">klik</a>",
    "<a href=\"java\nscript:alert(1)\">klik</a>",
    "[link](javascript:alert(1))",
    "[link](  javascript:alert(1) )",
    "[ref]\n\n[ref]: javascript:alert(1)\n",
    "![beeld](javascript:alert(1))",
    "<svg onload=alert(1)><circle/></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<p onclick=\"alert(1)\">p</p>",
    "> [!NOTE]\n> let op <b onmouseover=alert(1)>hier</b>\n",
    "| a | b |\n|---|---|\n| <script>x</script> | [l](javascript:x) |\n",
    "```html\n<script>alert(1)</script>\n```\n",
    "[!INCLUDE [x](../../etc/passwd)]\n",
    "[andere](other.md#sectie)\n",
    "<!-- <script>alert(1)</script> -->",
    "<a name=\"anker\"></a>",
    "\n\n",
    "---\n",
    "title: \"x\"\n",
    "ms.date: 13/45/2020\n",
    "- lijst\n- item\n",
    "\u{feff}\r\n",
    "\u{0}",
];

fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => any::<String>(),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn links() -> LinkIndex {
    LinkIndex::new(
        ["docs/page", "docs/other"],
        [(
            "docs".to_owned(),
            "https://learn.microsoft.com/docs/".to_owned(),
        )],
    )
}

/// Every `javascript:` or `on…=` inside a tag (not in escaped text).
fn dangerous_markup(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut found = Vec::new();
    if lower.contains("<script") {
        found.push("<script".to_owned());
    }
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        if tag.contains("javascript:") {
            found.push(format!("<{tag}>"));
        }
        let has_handler = tag
            .split(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '\'')
            .any(|word| word.starts_with("on") && word.contains('='));
        if has_handler {
            found.push(format!("<{tag}>"));
        }
        rest = &after[end..];
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics(text in fragment_soup()) {
        let wrapped = format!("---\n{text}\n---\nbody");
        for input in [text.as_str(), wrapped.as_str()] {
            if let Ok(parts) = split(input) {
                let _ = parse(parts.yaml);
            }
            let _ = parse(input);
        }
    }

    #[test]
    fn sanitised_markdown_is_harmless(markdown in fragment_soup()) {
        let index = links();
        let rendered = render("docs/page", &markdown, &index);
        let html = sanitize("docs/page", &rendered.html, &index);
        let bad = dangerous_markup(&html);
        prop_assert!(bad.is_empty(), "{bad:?} in {html}");
    }
}

/// Paths and query strings made of URL-ish pieces and arbitrary bytes.
fn uri() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        prop::sample::select(
            &[
                "nl-nl",
                "en-us",
                "NL-NL",
                "articles",
                "collections",
                "static",
                "media",
                "search",
                "recommend",
                "alchemy-insights",
                "azure-billing",
                "..",
                "%2e%2e",
                "%2F",
                "%00",
                "%ff%fe",
                "app.css",
                "a.md",
                "<script>",
                "%3Cscript%3E",
                "",
                "~",
                "%",
                "%zz",
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-zA-Z0-9%._~-]{0,12}",
    ];
    let query = prop_oneof![
        Just(String::new()),
        "[a-z]{1,8}=[^#\\s]{0,40}".prop_map(|q| format!("?{q}")),
        prop::sample::select(
            &[
                "?q=%3Cscript%3E",
                "?page=-1",
                "?page=99999999999999999999",
                "?page=abc",
                "?q=&problem=",
                "?problem=%E2%82%AC%00",
                "?q=%",
                "?&&==",
            ][..]
        )
        .prop_map(str::to_owned),
    ];
    (prop::collection::vec(segment, 0..6), query)
        .prop_map(|(segments, query)| format!("/{}{}", segments.join("/"), query))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_request_gets_an_answer_below_500(uri in uri(), head in any::<bool>()) {
        // A URI the HTTP parser would refuse never reaches the app.
        prop_assume!(uri.parse::<actix_web::http::Uri>().is_ok());
        let status = actix_web::rt::System::new().block_on(async {
            let app = test::init_service(helpportal::web::app(state(
                DEFAULT.clone(),
                default_config(),
            )))
            .await;
            let method = if head { Method::HEAD } else { Method::GET };
            let req = TestRequest::default().method(method).uri(&uri).to_request();
            app.call(req).await.map(|r| r.status())
        });
        match status {
            Ok(status) => prop_assert!(!status.is_server_error(), "{uri}: {status}"),
            Err(err) => {
                let status = err.as_response_error().status_code();
                prop_assert!(!status.is_server_error(), "{uri}: {status}");
            }
        }
    }
}
