//! Minifies `src/style.css` into `$OUT_DIR/style.min.css` for `src/style.rs`:
//! its comments and layout are a third of its bytes, and the stylesheet ships
//! inside the wasm.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=src/style.css");
    let css = fs::read_to_string("src/style.css").expect("src/style.css");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("style.min.css");
    fs::write(out, minify(&css)).expect("writing the minified stylesheet");
}

/// Drops comments, collapses whitespace to one space and removes it next to
/// `{ } ; ,` and after `:` (safe in selectors and values alike: a space after a
/// colon only ever follows a property name). Our stylesheet has no strings
/// holding these characters or comment markers.
fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .expect("an unclosed comment in style.css");
        rest = &rest[start + end + 2..];
    }
    text.push_str(rest);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
        let after = |c: char| tight(c) || c == ':';
        if c == ' ' && (out.ends_with(after) || chars.peek().is_some_and(|&next| tight(next))) {
            continue;
        }
        out.push(c);
    }
    out.replace(";}", "}")
}
