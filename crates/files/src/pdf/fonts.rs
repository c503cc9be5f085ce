//! The fonts a PDF is drawn with: the embedded font first, then fonts given explicitly, then
//! (when asked for) the system's fonts, each used for the characters the ones before it lack.
//! A character no font has is `Glyph::Missing`: the PDF draws a box with its code and the
//! caller is told, so nothing vanishes in silence.
//!
//! Parsed once: a `Fonts` is made once and used for every document (a batch of 5,000 slips
//! parses the embedded font once); what each character resolved to is cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use krilla::text::Font;

/// What draws a character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Glyph {
    /// Face `face` (0: the embedded font), its glyph `gid`, with this advance at size 1.
    Font { face: usize, gid: u16, em: f32 },
    /// No font has it: drawn as a box with its code.
    Missing,
    /// Drawn as nothing and takes no room (zero-width joiners, variation selectors, controls
    /// other than line breaks): not text a clerk would miss.
    Ignorable,
}

struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
    pdf: Font,
}

/// The embedded font and its fallbacks.
pub struct Fonts {
    primary: ttf_parser::Face<'static>,
    primary_pdf: Font,
    /// Fallback faces found so far (explicit ones first), in the order they were added.
    fallbacks: Mutex<Vec<Face>>,
    /// The system's fonts, loaded on the first character the others lack.
    system: Option<OnceLock<fontdb::Database>>,
    cache: Mutex<HashMap<char, Glyph>>,
}

/// Characters that take no room and are no loss when not drawn.
fn ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
        || (c.is_control() && c != '\n')
}

/// Whether `face` can draw `c` as an outline (the PDF embeds outlines: a bitmap-only emoji
/// font would draw nothing).
fn draws(face: &ttf_parser::Face, c: char) -> Option<(u16, f32)> {
    let t = face.tables();
    if t.glyf.is_none() && t.cff.is_none() && t.cff2.is_none() {
        return None;
    }
    let g = face.glyph_index(c)?;
    let upem = face.units_per_em() as f32;
    Some((
        g.0,
        face.glyph_hor_advance(g).map_or(0.5, |a| a as f32 / upem),
    ))
}

impl Fonts {
    /// The embedded font alone.
    pub fn new(primary: &'static [u8]) -> Result<Fonts, String> {
        let face = ttf_parser::Face::parse(primary, 0).map_err(|e| e.to_string())?;
        let pdf = Font::new(krilla::Data::from(primary), 0).ok_or("the font cannot be used")?;
        Ok(Fonts {
            primary: face,
            primary_pdf: pdf,
            fallbacks: Mutex::new(Vec::new()),
            system: None,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Adds a fallback font (its bytes, face 0), searched before the system's.
    pub fn with_font(self, bytes: Vec<u8>) -> Result<Fonts, String> {
        ttf_parser::Face::parse(&bytes, 0).map_err(|e| e.to_string())?;
        let data = Arc::new(bytes);
        let pdf =
            Font::new(krilla::Data::from(data.clone()), 0).ok_or("the font cannot be used")?;
        self.fallbacks.lock().expect("fonts").push(Face {
            data,
            index: 0,
            pdf,
        });
        Ok(self)
    }

    /// Also searches the system's fonts (fontconfig's folders) for characters the others lack.
    pub fn with_system_fonts(mut self) -> Fonts {
        self.system = Some(OnceLock::new());
        self
    }

    /// What draws `c`.
    pub fn glyph(&self, c: char) -> Glyph {
        if let Some(g) = self.cache.lock().expect("fonts").get(&c) {
            return *g;
        }
        let g = self.resolve(c);
        self.cache.lock().expect("fonts").insert(c, g);
        g
    }

    /// The advance of `c` at size 1 (a missing character: its box's).
    pub fn em(&self, c: char) -> f32 {
        match self.glyph(c) {
            Glyph::Font { em, .. } => em,
            Glyph::Missing => missing_box_em(c),
            Glyph::Ignorable => 0.0,
        }
    }

    /// The font of face `face` (0: the embedded one).
    pub fn pdf_font(&self, face: usize) -> Font {
        if face == 0 {
            self.primary_pdf.clone()
        } else {
            self.fallbacks.lock().expect("fonts")[face - 1].pdf.clone()
        }
    }

    fn resolve(&self, c: char) -> Glyph {
        if ignorable(c) {
            return Glyph::Ignorable;
        }
        if let Some((gid, em)) = draws(&self.primary, c) {
            return Glyph::Font { face: 0, gid, em };
        }
        let mut fallbacks = self.fallbacks.lock().expect("fonts");
        for (i, f) in fallbacks.iter().enumerate() {
            if let Some((gid, em)) = ttf_parser::Face::parse(&f.data, f.index)
                .ok()
                .and_then(|face| draws(&face, c))
            {
                return Glyph::Font {
                    face: i + 1,
                    gid,
                    em,
                };
            }
        }
        let Some(system) = &self.system else {
            return Glyph::Missing;
        };
        let db = system.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
        // Chinese faces first (their forms of a shared character are the Chinese ones), and
        // upright regular ones before other styles.
        let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
        faces.sort_by_key(|f| {
            let name = f.families.first().map_or("", |(n, _)| n.as_str());
            let chinese = name.contains(" SC") || name.contains("Hans") || name.contains("CN");
            (
                !chinese,
                f.style != fontdb::Style::Normal,
                f.weight.0.abs_diff(400),
            )
        });
        for info in faces {
            let found = db
                .with_face_data(info.id, |data, index| {
                    let face = ttf_parser::Face::parse(data, index).ok()?;
                    draws(&face, c).map(|g| (g, data.to_vec(), index))
                })
                .flatten();
            if let Some(((gid, em), data, index)) = found {
                let data = Arc::new(data);
                let Some(pdf) = Font::new(krilla::Data::from(data.clone()), index) else {
                    continue;
                };
                fallbacks.push(Face { data, index, pdf });
                return Glyph::Font {
                    face: fallbacks.len(),
                    gid,
                    em,
                };
            }
        }
        Glyph::Missing
    }
}

/// The code a missing character's box shows: `U+1F600`.
pub fn code_of(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The size of the code inside a missing character's box, relative to the text's.
pub const MISSING_CODE_SIZE: f32 = 0.42;

/// The width of a missing character's box at size 1: room for its code in ASCII digits.
pub fn missing_box_em(c: char) -> f32 {
    (code_of(c).len() as f32 * 0.56 * MISSING_CODE_SIZE + 0.2).max(1.0)
}
