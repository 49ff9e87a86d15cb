//! The product an article is for, matched against the product a description
//! names. An article about Azure (its collection, `ms.service`, title or
//! file name says so) is a worse answer to a description that does not name
//! Azure (a Microsoft 365 billing question wants the admin-center article,
//! not the Azure portal one); an article whose title or file name names
//! products (Excel, OneNote, Teams, …) is a worse answer to a description
//! that names other ones. `audience` turns both into score factors. The
//! product names are in `src/nl/lexicon/products.txt`.

use crate::content::Article;

use crate::nl::analysis::Word;
use crate::nl::lexicon;

/// The word that names the product in descriptions and articles.
const AZURE: &str = "azure";

/// Whether an article is written for Azure.
pub fn is_azure(article: &Article) -> bool {
    let names = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(AZURE))
    };
    article.collection.starts_with(AZURE)
        || article
            .meta
            .ms_service
            .as_deref()
            .is_some_and(|s| s.contains(AZURE) || s == "cost-management-billing")
        || names(&article.source_title)
        || names(article.slug())
}

/// Bit set of the products named among `words` (folded): the bit of a
/// product is its place in `lexicon/products.txt` `[named]`.
fn products<'a>(words: impl IntoIterator<Item = &'a str>) -> u32 {
    let named = lexicon::products();
    words.into_iter().fold(0, |set, word| {
        named
            .iter()
            .position(|p| p == word)
            .map_or(set, |i| set | (1 << i))
    })
}

/// The products an article's title and file name name.
pub fn article_products(article: &Article) -> u32 {
    let title = article.source_title.to_lowercase();
    let slug = article.slug().to_lowercase();
    products(
        title
            .split(|c: char| !c.is_alphanumeric())
            .chain(slug.split(|c: char| !c.is_alphanumeric())),
    )
}

/// The products a description names.
pub fn named_products(words: &[Word]) -> u32 {
    products(words.iter().map(|w| w.folded.as_str()))
}

/// Whether a description names Azure.
pub fn names_azure(words: &[Word]) -> bool {
    words.iter().any(|w| w.folded == AZURE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::analysis::words;

    #[test]
    fn descriptions_name_azure_in_any_spelling() {
        assert!(names_azure(&words("Mijn Azure-abonnement")));
        assert!(names_azure(&words("portal.azure.com laadt niet")));
        assert!(!names_azure(&words("Microsoft 365 factuur")));
    }

    #[test]
    fn named_products_are_a_set_and_ordinary_words_are_not_products() {
        let excel = named_products(&words("Excel filter in Excel 2016"));
        let onenote = named_products(&words("OneNote 2016 ontbreekt"));
        assert_ne!(excel, 0);
        assert_eq!(excel.count_ones(), 1);
        assert_eq!(excel & onenote, 0);
        let both = named_products(&words("Teams en SharePoint"));
        assert_eq!(both.count_ones(), 2);
        assert_eq!(named_products(&words("ik word gek van dit project")), 0);
    }
}
