//! The hand-written word rules of recommended steps, each one switchable,
//! so that what each still adds next to the sentence encoder can be
//! measured (the ablation table in BENCHMARKS.md). The portal runs with
//! [`Rules::default`]; other settings exist for measuring.

/// Which word rules take part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Verb forms meet their infinitive (`werkt` → `werken`).
    pub conjugation: bool,
    /// Framing words are dropped (`hoe kan ik`, `probleem`).
    pub filler: bool,
    /// Separable verbs are joined (`zet … uit` → `uitzetten`).
    pub separable: bool,
    /// A name the first match never mentions asks for more confidence.
    pub names: bool,
    /// Product and platform fit reorder candidates.
    pub audience: bool,
    /// Latent topic similarity (LSA) reorders candidates.
    pub latent: bool,
    /// Words the corpus lacks are read as a close common word (typos).
    pub typos: bool,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::ALL
    }
}

impl Rules {
    /// Every rule on.
    pub const ALL: Rules = Rules {
        conjugation: true,
        filler: true,
        separable: true,
        names: true,
        audience: true,
        latent: true,
        typos: true,
    };

    /// Each rule's name with the settings that switch only it off.
    pub fn each_off(self) -> Vec<(&'static str, Rules)> {
        vec![
            (
                "conjugation",
                Rules {
                    conjugation: false,
                    ..self
                },
            ),
            (
                "filler",
                Rules {
                    filler: false,
                    ..self
                },
            ),
            (
                "separable",
                Rules {
                    separable: false,
                    ..self
                },
            ),
            (
                "names",
                Rules {
                    names: false,
                    ..self
                },
            ),
            (
                "audience",
                Rules {
                    audience: false,
                    ..self
                },
            ),
            (
                "latent",
                Rules {
                    latent: false,
                    ..self
                },
            ),
            (
                "typos",
                Rules {
                    typos: false,
                    ..self
                },
            ),
        ]
    }
}
