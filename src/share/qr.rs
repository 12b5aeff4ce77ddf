//! The WeChat QR code, made inside the wasm: no request anywhere.

use qrcodegen::{QrCode, QrCodeEcc};

/// White border around the code, in modules, as the QR standard asks.
pub const QUIET_ZONE: i32 = 4;

/// A QR code as one SVG path of unit squares, `size` modules across.
#[derive(Debug, Clone, PartialEq)]
pub struct QrSvg {
    pub size: i32,
    pub path: String,
}

impl QrSvg {
    /// `viewBox` including the quiet zone.
    pub fn view_box(&self) -> String {
        let side = self.size + 2 * QUIET_ZONE;
        format!("-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}")
    }
}

/// `None` only when the text is too long for any QR code. Byte mode only: a URL
/// gains nothing from the other modes, and leaving them out keeps the wasm small.
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push('M');
                path.push_str(&x.to_string());
                path.push(' ');
                path.push_str(&y.to_string());
                path.push_str("h1v1h-1z");
            }
        }
    }
    Some(QrSvg { size, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rasterizes the SVG path back into pixels and decodes it with an
    /// independent QR decoder.
    fn decode(svg: &QrSvg) -> String {
        const SCALE: i32 = 4;
        let side = svg.size + 2 * QUIET_ZONE;
        let mut dark = vec![false; (side * side) as usize];
        for square in svg.path.split('M').filter(|s| !s.is_empty()) {
            let coords = square.trim_end_matches("h1v1h-1z");
            let (x, y) = coords.split_once(' ').unwrap();
            let (x, y): (i32, i32) = (x.parse().unwrap(), y.parse().unwrap());
            dark[((y + QUIET_ZONE) * side + x + QUIET_ZONE) as usize] = true;
        }
        let pixels = (side * SCALE) as usize;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            let module = (y as i32 / SCALE) * side + x as i32 / SCALE;
            if dark[module as usize] {
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
            assert_eq!(decode(&qr_svg(url).unwrap()), url);
        }
    }

    #[test]
    fn the_view_box_includes_the_quiet_zone() {
        let svg = qr_svg("https://news.example/").unwrap();
        assert_eq!(svg.view_box(), format!("-4 -4 {0} {0}", svg.size + 8));
    }
}
