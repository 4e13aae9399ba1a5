//! The colour a user gives a connection, so a production tab never looks like a local one.

use serde::{Deserialize, Serialize};

/// An sRGB colour shown on a connection's navigator header and on each of its tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConnectionColour(pub [u8; 3]);

impl ConnectionColour {
    /// The colours offered, named for the picker and for screen readers. Chosen to stay
    /// distinguishable on both light and dark themes.
    pub const PALETTE: [(&'static str, Self); 8] = [
        ("Blue", Self([0x3b, 0x82, 0xf6])),
        ("Green", Self([0x22, 0xa0, 0x5a])),
        ("Orange", Self([0xf0, 0x8c, 0x1a])),
        ("Red", Self([0xd9, 0x3b, 0x2e])),
        ("Purple", Self([0x8b, 0x5c, 0xf6])),
        ("Teal", Self([0x14, 0xb8, 0xa6])),
        ("Pink", Self([0xe0, 0x4f, 0x9a])),
        ("Grey", Self([0x8a, 0x8f, 0x98])),
    ];

    /// The `n`th palette colour, cycling: new connections take the next one.
    pub fn nth(n: usize) -> Self {
        Self::PALETTE[n % Self::PALETTE.len()].1
    }

    /// The palette name, or `#rrggbb` for a colour from an edited settings file.
    pub fn name(self) -> String {
        Self::PALETTE
            .iter()
            .find(|(_, colour)| *colour == self)
            .map_or_else(
                || {
                    let [r, g, b] = self.0;
                    format!("#{r:02x}{g:02x}{b:02x}")
                },
                |(name, _)| (*name).to_owned(),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_cycles_and_names_every_colour() {
        assert_eq!(ConnectionColour::nth(0), ConnectionColour::nth(8));
        assert_ne!(ConnectionColour::nth(0), ConnectionColour::nth(1));
        assert_eq!(ConnectionColour::nth(3).name(), "Red");
        assert_eq!(ConnectionColour([1, 2, 255]).name(), "#0102ff");
    }
}
