//! The WeChat share code: an article's URL as a QR code, drawn as one SVG path.
//! Made here rather than in the widget, where the encoder was 4.5 KB of every
//! reader's download for a popover few open.

use std::fmt::Write;

use newscard_protocol::QrCode;
use qrcodegen::{QrCode as Encoder, QrCodeEcc};

/// `None` only when the text is too long for any QR code. Byte mode only: a URL
/// gains nothing from the other modes.
pub fn qr_code(text: &str) -> Option<QrCode> {
    let code = Encoder::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                // Writing into a String cannot fail.
                let _ = write!(path, "M{x} {y}h1v1h-1z");
            }
        }
    }
    Some(QrCode {
        size: size.unsigned_abs(),
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rasterizes the SVG path back into pixels, with the quiet zone the
    /// standard asks for, and decodes it with an independent QR decoder.
    fn decode(code: &QrCode) -> String {
        const SCALE: usize = 4;
        const QUIET_ZONE: usize = 4;
        let side = code.size as usize + 2 * QUIET_ZONE;
        let mut dark = vec![false; side * side];
        for square in code.path.split('M').filter(|s| !s.is_empty()) {
            let coords = square.trim_end_matches("h1v1h-1z");
            let (x, y) = coords.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            dark[(y + QUIET_ZONE) * side + x + QUIET_ZONE] = true;
        }
        let pixels = side * SCALE;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            if dark[(y / SCALE) * side + x / SCALE] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the picture");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn the_code_decodes_to_the_exact_article_url() {
        for url in [
            "https://news.example/2025/03/25/tech-abroad",
            "https://news.example/2025/03/25/%E6%8A%80%E6%9C%AF?from=wechat&x=1#top",
            &format!("https://news.example/{}", "a".repeat(300)),
        ] {
            assert_eq!(decode(&qr_code(url).unwrap()), url);
        }
    }

    #[test]
    fn text_too_long_for_any_code_has_none() {
        assert_eq!(qr_code(&"a".repeat(3000)), None);
    }
}
