//! W3C Bitstring Status List v1.0: the bitstring behind a `BitstringStatusListCredential`.
//!
//! Bit `i` is the certificate with `statusListIndex` `i`; a set bit means revoked. The spec
//! fixes the layout: index 0 is the left-most (most significant) bit of the first byte, the
//! list holds at least 131 072 bits (16 KiB, so one revocation cannot be told apart from the
//! crowd), and `encodedList` is the multibase base64url form (prefix `u`, no padding) of the
//! GZIP-compressed bytes.

use std::io::{Read, Write};

use anyhow::{Context, bail, ensure};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The minimum length of a status list in bits (Bitstring Status List v1.0 §3.1).
pub const MIN_BITS: u32 = 131_072;

/// Refuse to decode lists beyond this size (a list from elsewhere is untrusted input).
const MAX_BITS: u32 = 1 << 27;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    /// An all-clear list of at least `len_bits` bits (raised to [`MIN_BITS`] and to a whole
    /// number of bytes).
    pub fn new(len_bits: u32) -> anyhow::Result<Self> {
        ensure!(
            len_bits <= MAX_BITS,
            "a status list holds at most {MAX_BITS} bits"
        );
        let bits = len_bits.max(MIN_BITS).div_ceil(8) * 8;
        Ok(Self {
            bytes: vec![0; (bits / 8) as usize],
        })
    }

    /// The list's length in bits.
    pub fn len_bits(&self) -> u32 {
        // At most MAX_BITS / 8 bytes by construction.
        (self.bytes.len() * 8) as u32
    }

    /// Sets bit `index` (index 0 = the most significant bit of the first byte).
    pub fn set(&mut self, index: u32) -> anyhow::Result<()> {
        let len = self.len_bits();
        let byte = self.bytes.get_mut((index / 8) as usize).with_context(|| {
            format!("status list index {index} is beyond the list ({len} bits)")
        })?;
        *byte |= 0x80 >> (index % 8);
        Ok(())
    }

    /// Bit `index`, or `None` beyond the list.
    pub fn get(&self, index: u32) -> Option<bool> {
        let byte = self.bytes.get((index / 8) as usize)?;
        Some(byte & (0x80 >> (index % 8)) != 0)
    }

    /// `encodedList`: `u` + base64url (no padding) of the GZIP-compressed bitstring.
    pub fn encode(&self) -> anyhow::Result<String> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&self.bytes)
            .context("compressing the status list")?;
        let compressed = gz.finish().context("compressing the status list")?;
        Ok(format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
    }

    /// Parses an `encodedList`; refuses anything but multibase base64url GZIP of at least
    /// [`MIN_BITS`] bits.
    pub fn decode(encoded: &str) -> anyhow::Result<Self> {
        let Some(b64) = encoded.strip_prefix('u') else {
            bail!("encodedList must be multibase base64url (prefix `u`)");
        };
        let compressed = URL_SAFE_NO_PAD
            .decode(b64)
            .context("encodedList is not base64url without padding")?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice())
            .take(u64::from(MAX_BITS / 8) + 1)
            .read_to_end(&mut bytes)
            .context("encodedList is not GZIP data")?;
        ensure!(
            bytes.len() <= (MAX_BITS / 8) as usize,
            "status list too long"
        );
        ensure!(
            bytes.len() * 8 >= MIN_BITS as usize,
            "status list shorter than {MIN_BITS} bits"
        );
        Ok(Self { bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_at_least_131072_bits() {
        assert_eq!(StatusList::new(10).expect("list").len_bits(), MIN_BITS);
        assert_eq!(
            StatusList::new(MIN_BITS + 1).expect("list").len_bits(),
            MIN_BITS + 8
        );
        assert!(StatusList::new(MAX_BITS + 1).is_err());
    }

    #[test]
    fn index_zero_is_the_leftmost_bit_of_the_first_byte() {
        let mut list = StatusList::new(0).expect("list");
        list.set(0).expect("set");
        list.set(9).expect("set");
        list.set(MIN_BITS - 1).expect("set");
        assert_eq!(list.bytes[0], 0b1000_0000);
        assert_eq!(list.bytes[1], 0b0100_0000);
        assert_eq!(list.bytes[list.bytes.len() - 1], 0b0000_0001);
        assert_eq!(list.get(0), Some(true));
        assert_eq!(list.get(1), Some(false));
        assert_eq!(list.get(9), Some(true));
        assert_eq!(list.get(MIN_BITS), None);
        let err = list.set(MIN_BITS).expect_err("beyond the list");
        assert!(err.to_string().contains("beyond"), "{err}");
    }

    #[test]
    fn encoding_round_trips_and_is_gzip_base64url_multibase() {
        let mut list = StatusList::new(0).expect("list");
        for i in [3, 500, 70_000, 131_071] {
            list.set(i).expect("set");
        }
        let encoded = list.encode().expect("encodes");
        assert!(encoded.starts_with('u'), "{encoded}");
        assert!(
            !encoded.contains(['=', '+', '/']),
            "base64url without padding: {encoded}"
        );
        // GZIP magic 1f 8b after the multibase prefix.
        let raw = URL_SAFE_NO_PAD.decode(&encoded[1..]).expect("base64url");
        assert_eq!(&raw[..2], &[0x1f, 0x8b]);
        // An almost empty 16 KiB list compresses to a few dozen bytes.
        assert!(encoded.len() < 200, "{} chars", encoded.len());

        let decoded = StatusList::decode(&encoded).expect("decodes");
        assert_eq!(decoded, list);
        let set: Vec<u32> = (0..decoded.len_bits())
            .filter(|&i| decoded.get(i) == Some(true))
            .collect();
        assert_eq!(set, vec![3, 500, 70_000, 131_071]);
    }

    #[test]
    fn malformed_lists_are_refused() {
        assert!(
            StatusList::decode("H4sIAAAA").is_err(),
            "no multibase prefix"
        );
        assert!(StatusList::decode("u!!!").is_err(), "not base64url");
        assert!(
            StatusList::decode(&format!("u{}", URL_SAFE_NO_PAD.encode(b"plain"))).is_err(),
            "not gzip"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&[0u8; 100]).expect("write");
        let short = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().expect("gzip")));
        let err = StatusList::decode(&short).expect_err("too short");
        assert!(err.to_string().contains("shorter"), "{err}");
    }
}
