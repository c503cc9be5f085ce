//! The window's icon and application id, so that task bars and Alt-Tab show the same
//! seal-and-document icon as the menu entry (assets/icons/, installed by the .deb).

use iced::window;

/// The .desktop file's basename: Wayland compositors and X11 window managers match the
/// window to the menu entry (and its icon) by this id / WM_CLASS.
pub const APP_ID: &str = "delegation-tracker";

/// The 128 px rendering of assets/icons/delegation-tracker.svg.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/delegation-tracker-128.png");

/// Window settings carrying the icon and the application id; the builder's later
/// `.window_size(...)` still sets the size on top of these.
pub fn window_settings() -> window::Settings {
    window::Settings {
        icon: icon(),
        #[cfg(target_os = "linux")]
        platform_specific: window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..Default::default()
        },
        ..window::Settings::default()
    }
}

/// The embedded PNG decoded to RGBA (16K pixels: well under a millisecond). A broken icon
/// must never keep the window from opening, so any failure is just "no icon".
pub fn icon() -> Option<window::Icon> {
    let (rgba, width, height) = decode_rgba(ICON_PNG)?;
    window::icon::from_rgba(rgba, width, height).ok()
}

fn decode_rgba(bytes: &[u8]) -> Option<(Vec<u8>, u32, u32)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return None;
    }
    buf.truncate(info.buffer_size());
    Some((buf, info.width, info.height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_a_square_rgba_image() {
        let (rgba, w, h) = decode_rgba(ICON_PNG).expect("assets/icons PNG decodes as 8-bit RGBA");
        assert_eq!((w, h), (128, 128));
        assert_eq!(rgba.len(), 128 * 128 * 4);
        assert!(icon().is_some());
    }
}
