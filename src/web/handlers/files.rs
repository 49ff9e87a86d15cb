//! Files: embedded static assets and images from the collections' media
//! folders. Traversal (`..`, encoded or not), hidden files and anything that
//! is not an image under a `media` folder of the content root give a 404.

use std::path::{Component, Path, PathBuf};

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::cache_policy::CachePolicy;
use crate::web::error::PageError;
use crate::web::state::AppState;
use crate::web::{assets, locale};

const MAX_MEDIA_BYTES: u64 = 10 * 1024 * 1024;

pub async fn static_file(
    req: HttpRequest,
    file: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    assets::serve(&req, &file).ok_or_else(|| PageError::NotFound(locale::negotiated(&req)))
}

pub async fn media(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let not_found = || PageError::NotFound(locale::negotiated(&req));
    let (relative, mime) = media_path(&path).ok_or_else(not_found)?;
    let root = state.library.current().root.clone();
    let read = web::block(move || read_inside(&root, &relative)).await;
    let bytes = match read {
        Ok(Some(bytes)) => bytes,
        _ => return Err(not_found()),
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, mime))
        .insert_header(CachePolicy::PublicDay)
        .body(bytes))
}

/// Checks a requested media path: plain segments only, inside a `media`
/// folder, with an image extension.
fn media_path(raw: &str) -> Option<(PathBuf, &'static str)> {
    let path = Path::new(raw);
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => {
                let part = part.to_str()?;
                if part.starts_with('.') || part.contains(['\\', '\0']) {
                    return None;
                }
                parts.push(part);
            }
            _ => return None,
        }
    }
    let (file, dirs) = parts.split_last()?;
    if !dirs.iter().any(|d| d.eq_ignore_ascii_case("media")) {
        return None;
    }
    let extension = file.rsplit_once('.')?.1.to_ascii_lowercase();
    let mime = match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    };
    Some((parts.iter().collect(), mime))
}

/// Reads `relative` only if, symlinks resolved, it is a file under `root`.
fn read_inside(root: &Path, relative: &Path) -> Option<Vec<u8>> {
    let root = root.canonicalize().ok()?;
    let full = root.join(relative).canonicalize().ok()?;
    if !full.starts_with(&root) {
        return None;
    }
    let meta = std::fs::metadata(&full).ok()?;
    if !meta.is_file() || meta.len() > MAX_MEDIA_BYTES {
        return None;
    }
    std::fs::read(full).ok()
}

#[cfg(test)]
mod tests {
    use super::media_path;

    #[test]
    fn only_plain_image_paths_under_media_pass() {
        assert!(media_path("alchemy-insights/media/a.png").is_some());
        assert!(media_path("alchemy-insights/media/../../etc/passwd.png").is_none());
        assert!(media_path("alchemy-insights/a.png").is_none());
        assert!(media_path("alchemy-insights/media/a.md").is_none());
        assert!(media_path("/etc/media/a.png").is_none());
        assert!(media_path("c/media/.hidden.png").is_none());
    }
}
