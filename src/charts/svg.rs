//! SVG markup as text. The parts of a chart that only show (grid, axes, bars, lines, labels) are
//! built here as one string and set as a group's contents in one go: far less code in the wasm
//! than a reactive element per shape, and testable natively. Marks that react to the pointer and
//! the keyboard stay real elements in `ui::charts`.

use super::colour::Rgb;
use super::path::num;
use std::fmt::Write;

/// `text` with the five XML special characters escaped, safe inside an element or an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where a text's x is: its start, middle or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text's look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub size: f64,
    pub fill: Rgb,
    pub anchor: Anchor,
    pub bold: bool,
    /// Centre the text vertically on y (else y is its baseline).
    pub middle: bool,
}

impl TextStyle {
    pub fn new(size: f64, fill: Rgb) -> Self {
        TextStyle { size, fill, anchor: Anchor::Start, bold: false, middle: false }
    }
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn middle(mut self) -> Self {
        self.middle = true;
        self
    }
}

/// A stroke: colour, width and an optional dash pattern ("4 3").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub colour: Rgb,
    pub width: f64,
    pub dash: Option<&'static str>,
}

impl Stroke {
    pub fn new(colour: Rgb, width: f64) -> Self {
        Stroke { colour, width, dash: None }
    }
    pub fn dashed(mut self, dash: &'static str) -> Self {
        self.dash = Some(dash);
        self
    }
}

/// How a shape is filled and outlined.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paint {
    pub fill: Option<Rgb>,
    pub opacity: f64,
    pub stroke: Option<Stroke>,
}

impl Paint {
    /// Filled with `colour`, no outline.
    pub fn fill(colour: Rgb) -> Self {
        Paint { fill: Some(colour), opacity: 1.0, stroke: None }
    }
    /// Outlined only.
    pub fn outline(stroke: Stroke) -> Self {
        Paint { fill: None, opacity: 1.0, stroke: Some(stroke) }
    }
    pub fn opacity(mut self, opacity: f64) -> Self {
        self.opacity = opacity;
        self
    }
    pub fn stroke(mut self, stroke: Stroke) -> Self {
        self.stroke = Some(stroke);
        self
    }
}

/// Markup being written.
#[derive(Clone, Debug, Default)]
pub struct Svg(String);

impl Svg {
    pub fn new() -> Self {
        Svg(String::with_capacity(4096))
    }

    pub fn finish(self) -> String {
        self.0
    }

    fn stroke_attrs(&mut self, stroke: Option<Stroke>) {
        match stroke {
            Some(s) => {
                let _ = write!(self.0, r#" stroke="{}" stroke-width="{}""#, s.colour, num(s.width));
                if let Some(d) = s.dash {
                    let _ = write!(self.0, r#" stroke-dasharray="{d}""#);
                }
            }
            None => self.0.push_str(r#" stroke="none""#),
        }
    }

    fn paint_attrs(&mut self, paint: Paint) {
        match paint.fill {
            Some(f) => {
                let _ = write!(self.0, r#" fill="{f}""#);
                if paint.opacity < 1.0 {
                    let _ = write!(self.0, r#" fill-opacity="{}""#, trim(paint.opacity));
                }
            }
            None => self.0.push_str(r#" fill="none""#),
        }
        self.stroke_attrs(paint.stroke);
    }

    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: Stroke) {
        let _ = write!(self.0, r#"<line x1="{}" y1="{}" x2="{}" y2="{}""#, num(x1), num(y1), num(x2), num(y2));
        self.stroke_attrs(Some(stroke));
        self.0.push_str("/>");
    }

    /// A rectangle; `rx` rounds its corners.
    pub fn rect(&mut self, (x, y): (f64, f64), (w, h): (f64, f64), rx: f64, paint: Paint) {
        let _ = write!(
            self.0,
            r#"<rect x="{}" y="{}" width="{}" height="{}""#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
        if rx > 0.0 {
            let _ = write!(self.0, r#" rx="{}""#, num(rx));
        }
        self.paint_attrs(paint);
        self.0.push_str("/>");
    }

    pub fn path(&mut self, d: &str, paint: Paint) {
        if d.is_empty() {
            return;
        }
        let _ = write!(self.0, r#"<path d="{d}""#);
        self.paint_attrs(paint);
        self.0.push_str(r#" stroke-linejoin="round"/>"#);
    }

    pub fn circle(&mut self, (cx, cy): (f64, f64), r: f64, paint: Paint) {
        let _ = write!(self.0, r#"<circle cx="{}" cy="{}" r="{}""#, num(cx), num(cy), num(r));
        self.paint_attrs(paint);
        self.0.push_str("/>");
    }

    /// A text, escaped. `rotate` turns it about (x, y) by that many degrees.
    pub fn text(&mut self, (x, y): (f64, f64), text: &str, style: TextStyle, rotate: Option<f64>) {
        let _ = write!(
            self.0,
            r#"<text x="{}" y="{}" font-size="{}" fill="{}""#,
            num(x),
            num(y),
            num(style.size),
            style.fill
        );
        match style.anchor {
            Anchor::Start => {}
            Anchor::Middle => self.0.push_str(r#" text-anchor="middle""#),
            Anchor::End => self.0.push_str(r#" text-anchor="end""#),
        }
        if style.bold {
            self.0.push_str(r#" font-weight="600""#);
        }
        if style.middle {
            self.0.push_str(r#" dominant-baseline="middle""#);
        }
        if let Some(deg) = rotate {
            let _ = write!(self.0, r#" transform="rotate({} {} {})""#, num(deg), num(x), num(y));
        }
        let _ = write!(self.0, ">{}</text>", escape(text));
    }
}

fn trim(v: f64) -> String {
    super::format::trim_zeros(&format!("{v:.2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"A&B <c> "d" 'e'"#), "A&amp;B &lt;c&gt; &quot;d&quot; &#39;e&#39;");
        let mut s = Svg::new();
        s.text((1.0, 2.0), "<script>", TextStyle::new(12.0, Rgb::BLACK), None);
        assert_eq!(s.finish(), r##"<text x="1" y="2" font-size="12" fill="#000000">&lt;script&gt;</text>"##);
    }

    #[test]
    fn shapes_write_short_attributes() {
        let mut s = Svg::new();
        s.line((0.0, 0.5), (10.0, 0.5), Stroke::new(Rgb::BLACK, 1.0).dashed("4 3"));
        s.rect((1.0, 2.0), (3.0, -4.0), 2.0, Paint::fill(Rgb::WHITE).opacity(0.5));
        s.path("", Paint::fill(Rgb::BLACK));
        s.circle((5.0, 5.0), 3.0, Paint::outline(Stroke::new(Rgb::WHITE, 2.0)));
        s.text((10.0, 20.0), "万", TextStyle::new(13.0, Rgb::BLACK).anchor(Anchor::End).bold().middle(), Some(-90.0));
        assert_eq!(
            s.finish(),
            concat!(
                r##"<line x1="0" y1="0.5" x2="10" y2="0.5" stroke="#000000" stroke-width="1" stroke-dasharray="4 3"/>"##,
                r##"<rect x="1" y="2" width="3" height="0" rx="2" fill="#ffffff" fill-opacity="0.5" stroke="none"/>"##,
                r##"<circle cx="5" cy="5" r="3" fill="none" stroke="#ffffff" stroke-width="2"/>"##,
                r##"<text x="10" y="20" font-size="13" fill="#000000" text-anchor="end" font-weight="600" "##,
                r##"dominant-baseline="middle" transform="rotate(-90 10 20)">万</text>"##,
            )
        );
    }
}
