//! The simulator's only source of randomness: SplitMix64 from the scenario's
//! seed. Hand-written (ten lines) rather than `rand` so that the sequence is
//! fixed forever: a share link must replay the same names and jitters in every
//! future version, natively and in wasm, and no getrandom backend is needed.

/// Kubernetes' name alphabet (`k8s.io/apimachinery/pkg/util/rand`: no
/// vowels, no look-alike digits).
pub const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// SplitMix64's finalizer: spreads a seed over all 64 bits.
/// The InternalIP of a node: nodes are `node-N` and sit at `10.0.0.(10+N)`.
pub fn node_ip(node: &str) -> String {
    let n: u32 = node.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(0);
    format!("10.0.0.{}", 10 + n)
}

pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a: a stable number from content, for names and stand-in
/// identifiers that must not change between runs.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// `n` characters of the name alphabet that stand for `content`: the same
/// content always gives the same characters.
pub fn stable_suffix(content: &[u8], n: usize) -> String {
    let mut h = fnv1a(content);
    let base = NAME_ALPHABET.len() as u64;
    (0..n)
        .map(|_| {
            let c = NAME_ALPHABET[(h % base) as usize];
            h /= base;
            char::from(c)
        })
        .collect()
}

/// A stand-in SHA-256 digest for `content`: 64 hex digits, stable across runs.
pub fn stable_digest(content: &[u8]) -> String {
    let seed = fnv1a(content);
    (1..=4).map(|i| format!("{:016x}", mix(seed.wrapping_add(i)))).collect()
}

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `wait.Jitter(d, factor)`: d plus up to `factor * d`.
    pub fn jitter(&mut self, d: i64, factor: f64) -> i64 {
        d + (self.unit() * factor * d as f64) as i64
    }

    /// `n` characters of Kubernetes' name alphabet (`rand.String`: no vowels,
    /// no look-alike digits).
    pub fn name_suffix(&mut self, n: usize) -> String {
        (0..n).map(|_| NAME_ALPHABET[(self.next_u64() % NAME_ALPHABET.len() as u64) as usize] as char).collect()
    }

    pub fn hex(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        while s.len() < n {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.truncate(n);
        s
    }

    /// A version-4-shaped UUID.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!("{}-{}-4{}-a{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_eq!(a.uuid(), b.uuid());
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn jitter_stays_within_its_factor() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let j = r.jitter(10_000, 0.5);
            assert!((10_000..15_000).contains(&j));
        }
    }
}
