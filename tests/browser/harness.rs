//! The browser harness: the real portal on a loopback port, Debian's
//! `chromedriver` on a free port (killed on drop) and a headless Chromium
//! session, with or without JavaScript, plus the few page actions the
//! journeys are written in.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use thirtyfour::prelude::*;

use crate::common::server::RunningServer;
use crate::common::{CORPUS, corpus_config};

pub type Outcome = Result<(), String>;

/// Turns any error into the test's failure text.
pub fn fail<E: std::fmt::Display>(context: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{context}: {e}")
}

/// One Chromium at a time: CI has two cores.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// `chromedriver --port=<free>`, killed when dropped.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (bash .ci/setup)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Chromedriver { child, port }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether page JavaScript runs in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    On,
    Off,
}

/// A driven browser pointed at a running portal.
#[derive(Clone)]
pub struct Browser {
    pub driver: WebDriver,
    pub base: String,
    pub script: Script,
}

/// Starts the portal on the corpus, chromedriver and one Chromium session,
/// runs `journey`, then quits the browser and stops everything — also
/// when the journey fails or panics.
pub fn with_browser<F, Fut>(script: Script, journey: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Outcome>,
{
    let _slot = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let server = RunningServer::start(CORPUS.clone(), corpus_config());
    let chromedriver = Chromedriver::start();
    let profile = tempfile::tempdir().expect("profile dir");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let outcome = runtime.block_on(async {
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&chromium_binary()).expect("binary");
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--lang=nl-NL",
            "--window-size=1280,900",
        ] {
            caps.add_arg(arg).expect("arg");
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))
            .expect("arg");
        if script == Script::Off {
            caps.add_experimental_option(
                "prefs",
                json!({ "profile.managed_default_content_settings.javascript": 2 }),
            )
            .expect("prefs");
        }
        let driver = WebDriver::new(format!("http://127.0.0.1:{}", chromedriver.port), caps)
            .await
            .expect("a Chromium session");
        let browser = Browser {
            driver: driver.clone(),
            base: server.base_url(),
            script,
        };
        driver
            .run_and_quit(|_| journey(browser))
            .await
            .map_err(|e| e.to_string())
    });
    drop(chromedriver);
    drop(server);
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

fn chromium_binary() -> String {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("chromium")
        .to_owned()
}

impl Browser {
    /// Opens a path on the portal.
    pub async fn open(&self, path: &str) -> Outcome {
        self.driver
            .goto(format!("{}{path}", self.base))
            .await
            .map_err(fail(path))
    }

    /// The current path and query, without the origin.
    pub async fn location(&self) -> Result<String, String> {
        let url = self.driver.current_url().await.map_err(fail("url"))?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// Waits until the path starts with `prefix` (navigation is async).
    pub async fn expect_path(&self, prefix: &str) -> Result<String, String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let here = self.location().await?;
            if here.starts_with(prefix) {
                return Ok(here);
            }
            if Instant::now() > deadline {
                return Err(format!("expected to be at {prefix}…, am at {here}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs a script in the page and returns its JSON result. Works with
    /// page JavaScript off too: the driver evaluates it, the page does not.
    pub async fn eval(&self, script: &str) -> Result<Value, String> {
        self.driver
            .execute(script, Vec::new())
            .await
            .map(|r| r.json().clone())
            .map_err(fail("script"))
    }

    pub async fn find(&self, css: &str) -> Result<WebElement, String> {
        self.driver
            .query(By::Css(css))
            .wait(Duration::from_secs(5), Duration::from_millis(50))
            .first()
            .await
            .map_err(fail(css))
    }

    /// Types `text` into the field `field_css` and submits its form by
    /// pressing Enter, as a person would.
    pub async fn type_and_submit(&self, field_css: &str, text: &str) -> Outcome {
        let field = self.find(field_css).await?;
        field.clear().await.map_err(fail(field_css))?;
        field.send_keys(text).await.map_err(fail(field_css))?;
        field.send_keys(Key::Enter).await.map_err(fail(field_css))
    }

    /// Types keys into whatever has the focus, as a keyboard would.
    pub async fn press(&self, keys: impl Into<TypingData>) -> Outcome {
        self.driver
            .action_chain()
            .send_keys(keys)
            .perform()
            .await
            .map_err(fail("keys"))
    }

    /// The hrefs (path and query) of the links matching `css`, in order.
    pub async fn links(&self, css: &str) -> Result<Vec<String>, String> {
        let script = format!(
            "return Array.from(document.querySelectorAll({})).map(a => a.pathname + a.search);",
            serde_json::to_string(css).unwrap_or_default()
        );
        let value = self.eval(&script).await?;
        Ok(value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Clicks the link to `path` inside `scope_css` and waits for it.
    pub async fn click_link_to(&self, scope_css: &str, path: &str) -> Outcome {
        let css = format!("{scope_css} a[href=\"{path}\"]");
        let link = self.find(&css).await?;
        link.scroll_into_view().await.map_err(fail(&css))?;
        link.click().await.map_err(fail(&css))?;
        self.expect_path(path).await.map(drop)
    }

    /// The page's `<h1>` text.
    pub async fn heading(&self) -> Result<String, String> {
        self.find("h1").await?.text().await.map_err(fail("h1"))
    }

    /// Goes back in history and waits for `path`.
    pub async fn back_to(&self, path: &str) -> Outcome {
        self.driver.back().await.map_err(fail("back"))?;
        self.expect_path(path).await.map(drop)
    }

    pub fn driver(&self) -> &WebDriver {
        &self.driver
    }
}

/// Failures collected over many pages, reported together.
#[derive(Default)]
pub struct Failures(Vec<String>);

impl Failures {
    pub fn check(&mut self, outcome: Outcome) {
        if let Err(e) = outcome {
            self.0.push(e);
        }
    }

    pub fn into_outcome(self) -> Outcome {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0.join("\n"))
        }
    }
}
