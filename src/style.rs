//! One constructable stylesheet per page, adopted by every widget's shadow root.

use std::cell::OnceCell;

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

// `src/style.css`, minified by build.rs.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/style.min.css"));

thread_local! {
    static SHEET: OnceCell<CssStyleSheet> = const { OnceCell::new() };
}

pub fn adopt(shadow: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = SHEET.with(|cell| -> Result<CssStyleSheet, JsValue> {
        if let Some(sheet) = cell.get() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(CSS)?;
        Ok(cell.get_or_init(|| sheet).clone())
    })?;
    // Beside, not instead of, the loader's sheet that reserves the height.
    let sheets = js_sys::Array::from(&js_sys::Reflect::get(shadow, &"adoptedStyleSheets".into())?);
    if !sheets.includes(&sheet, 0) {
        sheets.push(&sheet);
        shadow.set_adopted_style_sheets(&sheets);
    }
    Ok(())
}
