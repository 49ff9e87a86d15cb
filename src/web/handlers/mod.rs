//! The handlers behind the routes, one file or folder per page family.
//! Handlers import the shared modules of `web` (views, responses, layout,
//! errors) but never each other; the route table is `web::routes`.

pub mod article;
pub mod collection;
pub mod fallback;
pub mod feedback;
pub mod files;
pub mod go;
pub mod health;
pub mod home;
pub mod recommend;
pub mod redirects;
pub mod search;
pub mod seo;
pub mod staff;
