//! Who an article is for, matched against who the description is about:
//! one per-article value ([`Audience`]) and one score factor ([`fit`]) for
//! the reordering. The audience combines the product (`product`: Azure, or
//! the products the title and file name name) and the client and edition
//! (`platform`: Outlook on the web, Mac, phone, consumer Outlook.com); those
//! modules say how each is read from an article or a description, this one
//! how far an article for another audience falls behind.

mod platform;
mod product;

use crate::content::Article;
use crate::nl::analysis::Word;

/// Factor for an Azure article when the description does not name Azure.
const AZURE_UNNAMED: f32 = 0.8;
/// Factor for an article whose title or file name names products, none of
/// them one the description names.
const OTHER_PRODUCT: f32 = 0.7;

/// The product and platform an article is written for, or a description
/// names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Audience {
    /// Written for Azure, or names Azure.
    azure: bool,
    /// Bit set of the products named (see `product`).
    products: u32,
    /// Bit set of the clients and edition (see `platform`).
    platforms: u8,
}

impl Audience {
    /// The audience an article is written for.
    pub fn of_article(article: &Article) -> Audience {
        Audience {
            azure: product::is_azure(article),
            products: product::article_products(article),
            platforms: platform::of_article(article),
        }
    }

    /// The audience a description names.
    pub fn of_description(words: &[Word]) -> Audience {
        Audience {
            azure: product::names_azure(words),
            products: product::named_products(words),
            platforms: platform::of_description(words),
        }
    }
}

/// The audience stage of ranking: each candidate's factor ([`fit`]) for
/// the audience a description names, in the candidates' order.
/// `audiences` holds each article's audience.
pub fn fits(audiences: &[Audience], candidates: &[(usize, f32)], wanted: Audience) -> Vec<f32> {
    candidates
        .iter()
        .map(|(doc, _)| fit(audiences.get(*doc).copied().unwrap_or_default(), wanted))
        .collect()
}

/// How well an article written for `article` suits a description about
/// `wanted`: 1, or less for an Azure article when Azure is not named, for
/// an article about other products than the ones named, and for another
/// client or edition (see [`platform::fit`]).
pub fn fit(article: Audience, wanted: Audience) -> f32 {
    let mut fit = platform::fit(article.platforms, wanted.platforms);
    if article.azure && !wanted.azure {
        fit *= AZURE_UNNAMED;
    }
    if wanted.products != 0 && article.products != 0 && wanted.products & article.products == 0 {
        fit *= OTHER_PRODUCT;
    }
    fit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::analysis::words;

    fn said(text: &str) -> Audience {
        Audience::of_description(&words(text))
    }

    #[test]
    fn an_azure_article_counts_less_unless_azure_is_named() {
        let azure = said("mijn Azure-abonnement");
        assert!(azure.azure);
        assert_eq!(fit(azure, said("mijn factuur")), AZURE_UNNAMED);
        assert_eq!(fit(azure, azure), 1.0);
        assert_eq!(fit(said("mijn factuur"), azure), 1.0);
    }

    #[test]
    fn an_article_about_other_products_counts_less() {
        let excel = said("Excel");
        let teams = said("Teams");
        assert_eq!(fit(excel, teams), OTHER_PRODUCT);
        assert_eq!(fit(excel, said("Excel en Teams")), 1.0);
        // Naming no product, or an article about none, changes nothing.
        assert_eq!(fit(excel, said("mijn bestand")), 1.0);
        assert_eq!(fit(said("mijn bestand"), teams), 1.0);
    }

    #[test]
    fn product_and_platform_factors_multiply() {
        let article = Audience {
            azure: true,
            products: 0,
            platforms: platform::Platform::Web as u8,
        };
        let wanted = said("op mijn laptop");
        let expected = AZURE_UNNAMED * platform::fit(article.platforms, wanted.platforms);
        assert!((fit(article, wanted) - expected).abs() < 1e-6);
        assert!(fit(article, wanted) < AZURE_UNNAMED);
    }
}
