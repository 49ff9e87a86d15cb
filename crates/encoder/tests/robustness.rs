//! Awkward inputs (empty, emoji, mixed scripts, control characters, very
//! long texts) give finite unit vectors; long texts are cut at 512 tokens;
//! one encoder serves many threads with identical results.

mod common;

use common::encoder;

fn long_text() -> String {
    let sentence = "Controleer in Azure Portal onder Kostenbeheer of de factuur van deze maand al beschikbaar is. ";
    let mut text = sentence.repeat(4000 / sentence.len() + 1);
    text.truncate(4000);
    assert_eq!(text.len(), 4000);
    text
}

fn awkward_texts() -> Vec<String> {
    vec![
        String::new(),
        " ".to_string(),
        "\n\t\r ".to_string(),
        "😀🎉🚀👩‍💻🇳🇱❤️".to_string(),
        "Mijn wachtwoord 🔑 werkt niet 😡".to_string(),
        "Azure 請求書 счёт فاتورة חשבונית बिल ใบแจ้งหนี้ 청구서".to_string(),
        "control\u{0}\u{1}\u{7}\u{1b}[31m\u{7f}\u{85}chars".to_string(),
        "\u{feff}\u{200b}\u{200d}\u{202e}reversed\u{202c}".to_string(),
        "e\u{301}\u{302}\u{303}\u{304} combining".to_string(),
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10ffff} \u{e000}".to_string(),
        "<s></s><unk><pad>".to_string(),
        "a".repeat(4000),
        "🙂".repeat(1000),
        long_text(),
    ]
}

#[test]
fn awkward_texts_give_finite_unit_vectors() {
    let encoder = encoder();
    for text in awkward_texts() {
        for is_query in [true, false] {
            let ids = encoder.token_ids(&text, is_query);
            assert!(
                (4..=512).contains(&ids.len()),
                "{} ids for {text:?}",
                ids.len()
            );
            assert_eq!((ids[0], ids[ids.len() - 1]), (0, 2));
            let v = if is_query {
                encoder.embed_query(&text)
            } else {
                encoder.embed_passage(&text)
            };
            assert_eq!(v.len(), encoder.dim());
            assert!(
                v.iter().all(|x| x.is_finite()),
                "non-finite vector for {text:?}"
            );
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "norm {norm} for {text:?}");
        }
    }
}

#[test]
fn a_4000_byte_text_is_cut_at_512_tokens() {
    let encoder = encoder();
    assert_eq!(encoder.max_tokens(), 512);
    let text = long_text();
    let ids = encoder.token_ids(&text, false);
    assert_eq!(ids.len(), 512);
    // The cut keeps the start: the first tokens are those of a short prefix.
    let head = encoder.token_ids(&text[..200], false);
    assert_eq!(ids[..head.len() - 3], head[..head.len() - 3]);
    // Text beyond the cut does not change the vector.
    let longer = format!("{text} en nog veel meer tekst die niet meer meetelt");
    assert_eq!(encoder.embed_passage(&text), encoder.embed_passage(&longer));
}

#[test]
fn a_nul_ends_the_text_as_in_the_package() {
    let encoder = encoder();
    assert_eq!(
        encoder.token_ids("abc\0def", true),
        encoder.token_ids("abc", true)
    );
}

#[test]
fn many_threads_share_one_encoder() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<helpportal_encoder::Encoder>();
    let encoder = encoder();
    let texts = [
        "Mijn betaalkaart wordt geweigerd",
        "Hoe wijzig ik mijn wachtwoord in Outlook?",
        "",
    ];
    let want: Vec<Vec<f32>> = texts.iter().map(|t| encoder.embed_query(t)).collect();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..3 {
                    for (t, w) in texts.iter().zip(&want) {
                        assert_eq!(&encoder.embed_query(t), w);
                    }
                }
            });
        }
    });
}

#[test]
fn related_texts_are_closer_than_unrelated_ones() {
    let encoder = encoder();
    let q = encoder.embed_query("Mijn betaalkaart wordt geweigerd");
    let near = encoder
        .embed_passage("Als uw creditcard wordt geweigerd, controleer dan de kaartgegevens.");
    let far = encoder.embed_passage("Een gedeelde mailbox toevoegen in Outlook op de Mac.");
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    assert!(dot(&q, &near) > dot(&q, &far) + 0.02);
}
