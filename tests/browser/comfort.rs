//! Reading comfort: the theme follows the reader's light or dark preference, the emoji of the
//! tables (✅ 🟡 ❌, whose colours carry the verdicts) are drawn, not left as empty boxes, and the
//! sidebar opens and closes from the keyboard (theme/a11y.js).

use book_browser_tests::session::emulate_media;
use book_harness::Chapter;
use fantoccini::Locator;
use fantoccini::key::Key;
use mdbook_driver::config::Config;
use serde_json::json;

use crate::webdriver::Reader;

/// Every emoji in the page's text that the browser draws without colour: drawn on a canvas in
/// the page's own font, a colour emoji has strongly coloured pixels, while a missing glyph (an
/// empty box) or a black-and-white fallback has none. Returns `[[emoji, code point]]`.
pub const COLOURLESS_EMOJI: &str = "
    const main = document.querySelector('main');
    const found = new Set(main.innerText.match(/\\p{Emoji_Presentation}|\\p{Extended_Pictographic}\\uFE0F/gu) || []);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.font = '40px ' + getComputedStyle(main).fontFamily;
    context.textBaseline = 'top';
    context.fillStyle = '#000';
    const colourless = [];
    for (const emoji of found) {
      context.clearRect(0, 0, 64, 64);
      context.fillText(emoji, 4, 4);
      const pixels = context.getImageData(0, 0, 64, 64).data;
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b, a] = pixels.slice(i, i + 4);
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
      }
      if (coloured < 40) {
        colourless.push([emoji, 'U+' + emoji.codePointAt(0).toString(16).toUpperCase()]);
      }
    }
    return colourless;";

/// The page background's relative luminance, 0 (black) to 1 (white), and the theme's class.
const BACKGROUND: &str = "
    const html = document.documentElement;
    const [r, g, b] = getComputedStyle(html).backgroundColor.match(/\\d+/g).map(Number);
    const theme = ['light', 'rust', 'coal', 'navy', 'ayu'].filter(t => html.classList.contains(t));
    return { luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255, theme };";

impl Reader {
    /// On the open page: its emoji are drawn in colour.
    pub async fn check_emoji(&mut self, page: &str) {
        let colourless = self.js(COLOURLESS_EMOJI).await;
        if colourless != json!([]) {
            self.problems.push(format!(
                "{page}: emoji drawn without colour (no emoji font? apt-get install \
                 fonts-noto-color-emoji): {colourless}"
            ));
        }
    }

    /// With no theme chosen, a reader who prefers dark gets book.toml's `preferred-dark-theme` and
    /// one who prefers light its `default-theme`. Screenshots of a page with emoji and of one with
    /// a diagram, in each, go to target/browser-screenshots/.
    pub async fn check_color_scheme(&mut self) {
        let html = Config::from_disk(self.book.root.join("book.toml"))
            .expect("book.toml reads")
            .html_config()
            .unwrap_or_default();
        // mdBook 0.5.4's own defaults (mdbook-html's hbs_renderer.rs) when book.toml names none.
        let light = html.default_theme.unwrap_or_else(|| "light".into());
        let dark = html.preferred_dark_theme.unwrap_or_else(|| "navy".into());
        let first_with = |wanted: &dyn Fn(&Chapter) -> bool| {
            self.book
                .listed()
                .find(|c| wanted(c))
                .map(Chapter::html_name)
        };
        let emoji_page = first_with(&|c| {
            c.text
                .chars()
                .any(|ch| matches!(ch as u32, 0x2705 | 0x274C | 0x1F300..=0x1FAFF))
        });
        let diagram_page = first_with(&|c| c.text.contains("!["));
        let shown = [
            (emoji_page, "emoji", "main table"),
            (diagram_page, "diagram", "main img"),
        ];
        self.open("introduction.html").await;
        self.js("localStorage.removeItem('mdbook-theme');").await;
        for (preference, theme) in [("dark", &dark), ("light", &light)] {
            emulate_media(&self.client, "", &[("prefers-color-scheme", preference)])
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            for (page, name, element) in &shown {
                let Some(page) = page else {
                    self.problems
                        .push(format!("no chapter has {name}s to show in a screenshot"));
                    continue;
                };
                self.open(page).await;
                let seen = self.js(BACKGROUND).await;
                let luminance = seen["luminance"].as_f64().unwrap_or(0.5);
                let looks_right = match preference {
                    "dark" => luminance < 0.3,
                    _ => luminance > 0.7,
                };
                if seen["theme"] != json!([theme]) {
                    self.problems.push(format!(
                        "{page}: a reader who prefers {preference} gets theme {}, not {theme:?} \
                         (book.toml)",
                        seen["theme"]
                    ));
                } else if !looks_right {
                    self.problems.push(format!(
                        "{page}: a reader who prefers {preference} gets {theme:?}, whose \
                         background is not {preference} (luminance {luminance:.2})"
                    ));
                }
                let scrolled = self
                    .wait_for(&format!(
                        "const shown = document.querySelector({element:?});
                         if (shown) shown.scrollIntoView({{ block: 'center' }});
                         return !!shown;"
                    ))
                    .await;
                if scrolled.is_none() {
                    self.problems
                        .push(format!("{page}: no {element} to show in a screenshot"));
                }
                self.screenshot(&format!("{preference}-{name}")).await;
            }
        }
        emulate_media(&self.client, "", &[])
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let errors = self.errors("prefers-color-scheme").await;
        self.problems.extend(errors);
    }

    /// The sidebar toggle takes the keyboard's focus, and Enter closes and opens the sidebar.
    pub async fn check_sidebar_toggle_by_keyboard(&mut self) {
        let page = "introduction.html";
        self.open(page).await;
        let state = "const toggle = document.getElementById('mdbook-sidebar-toggle');
             return [document.activeElement === toggle, toggle.getAttribute('aria-expanded'),
                     document.documentElement.classList.contains('sidebar-visible')];";
        for expanded in ["false", "true"] {
            let toggle = self
                .client
                .find(Locator::Id("mdbook-sidebar-toggle"))
                .await
                .expect("the sidebar toggle");
            if let Err(e) = toggle.send_keys(&char::from(Key::Enter).to_string()).await {
                self.problems
                    .push(format!("{page}: the sidebar toggle takes no key: {e}"));
                return;
            }
            let wanted = json!([true, expanded, expanded == "true"]);
            let seen = self
                .wait_for(&format!(
                    "const seen = (() => {{ {state} }})(); return JSON.stringify(seen) === {:?} ? seen : null;",
                    wanted.to_string()
                ))
                .await;
            if seen.is_none() {
                self.problems.push(format!(
                    "{page}: Enter on the sidebar toggle should leave [focused, aria-expanded, \
                     sidebar shown] at {wanted}, it is at {}",
                    self.js(state).await
                ));
                return;
            }
        }
        let errors = self.errors(&format!("{page} (sidebar toggle)")).await;
        self.problems.extend(errors);
    }
}
