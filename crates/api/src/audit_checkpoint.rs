//! Signed checkpoints of the audit chain (issue 14, defect 10).
//!
//! The chain is unkeyed SHA-256 and its head lives in the same database, so someone who can
//! write the database can rewrite entry N, recompute every later hash and the head, and the
//! chain alone still verifies. A checkpoint is the head (sequence number and hash) at some
//! moment, signed with an Ed25519 key kept in a file **outside the database**
//! (`CEBASE_AUDIT_CHECKPOINT_KEY`) and appended as one JSON line to
//! `CEBASE_AUDIT_CHECKPOINT_FILE`: every instance writes one every
//! `CEBASE_AUDIT_CHECKPOINT_INTERVAL_SECS` when the chain grew, and `cebase audit checkpoint`
//! writes one at once. A checkpoint is only written over a chain that verifies, against the
//! chain and the earlier checkpoints, so a rewrite is never signed after the fact.
//!
//! [`verify`] walks the chain and then checks every checkpoint: its signature with the key, and
//! that entry *seq* still carries the signed hash. A rewrite of any entry at or before a
//! checkpoint changes that entry's hash (the hashes chain), so it is reported even when every
//! later hash and the head were recomputed; so is a chain cut back below a checkpoint. What
//! this does not catch is in `docs/operations.md` (entries after the last checkpoint; an
//! attacker who also holds the key file).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use cebase_domain::audit::{ChainHead, Verification};
use cebase_store::ConnectionTrait;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::config::Settings;

/// One line of the checkpoint file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The head's sequence number (0: the chain was empty).
    pub seq: i64,
    /// The head's hash (the hash of entry `seq`).
    pub hash: String,
    /// When the checkpoint was taken (RFC 3339, seconds).
    pub at: String,
    /// The signing key's public half (base64url), so a checkpoint from another key stands out.
    pub key: String,
    /// Ed25519 signature (base64url) of [`Checkpoint::message`].
    pub sig: String,
}

impl Checkpoint {
    fn message(seq: i64, hash: &str, at: &str) -> String {
        format!("cebase-audit-checkpoint/1\n{seq}\n{hash}\n{at}")
    }

    fn signed(key: &SigningKey, head: &ChainHead, at: DateTime<Utc>) -> Self {
        let at = at.to_rfc3339_opts(SecondsFormat::Secs, true);
        let message = Self::message(head.last_seq, &head.last_hash, &at);
        Self {
            seq: head.last_seq,
            hash: head.last_hash.clone(),
            key: URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()),
            sig: URL_SAFE_NO_PAD.encode(key.sign(message.as_bytes()).to_bytes()),
            at,
        }
    }

    /// Whether `public` signed this checkpoint as it reads.
    fn verifies_with(&self, public: &VerifyingKey) -> bool {
        if self.key != URL_SAFE_NO_PAD.encode(public.as_bytes()) {
            return false;
        }
        let Ok(sig) = URL_SAFE_NO_PAD.decode(&self.sig) else {
            return false;
        };
        let Ok(sig) = Signature::from_slice(&sig) else {
            return false;
        };
        public
            .verify(
                Self::message(self.seq, &self.hash, &self.at).as_bytes(),
                &sig,
            )
            .is_ok()
    }
}

/// Where checkpoints go, from the settings; `None` when they are off.
#[derive(Debug, Clone)]
pub struct Checkpoints {
    key: PathBuf,
    file: PathBuf,
}

impl Checkpoints {
    pub fn from_settings(settings: &Settings) -> Option<Self> {
        Some(Self {
            key: settings.audit_checkpoint_key.clone()?,
            file: settings.audit_checkpoint_file.clone()?,
        })
    }

    /// The signing key, created (32 random bytes, base64, file mode 0600) when there is none.
    fn load_or_create_key(&self) -> anyhow::Result<SigningKey> {
        if let Some(key) = self.load_key()? {
            return Ok(key);
        }
        if let Some(dir) = self.key.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        match private_file(&self.key, true) {
            Ok(mut f) => {
                writeln!(f, "{}", STANDARD.encode(key.to_bytes()))
                    .and_then(|()| f.sync_all())
                    .with_context(|| format!("cannot write {}", self.key.display()))?;
                tracing::info!(path = %self.key.display(), "audit checkpoint key created");
                Ok(key)
            }
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => self
                .load_key()?
                .context("the audit checkpoint key vanished while being created"),
            Err(e) => Err(e).with_context(|| format!("cannot create {}", self.key.display())),
        }
    }

    fn load_key(&self) -> anyhow::Result<Option<SigningKey>> {
        let text = match std::fs::read_to_string(&self.key) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", self.key.display()));
            }
        };
        let bytes = STANDARD.decode(text.trim()).with_context(|| {
            format!(
                "{} is not an audit checkpoint key (base64 of 32 bytes)",
                self.key.display()
            )
        })?;
        let seed: [u8; 32] = bytes.try_into().map_err(|_| {
            anyhow::anyhow!(
                "{} is not an audit checkpoint key (base64 of 32 bytes)",
                self.key.display()
            )
        })?;
        Ok(Some(SigningKey::from_bytes(&seed)))
    }

    /// Every checkpoint of the file, in file order; `None` when there is no file. A line that
    /// is not a checkpoint is an error naming the line.
    pub fn read(&self) -> anyhow::Result<Option<Vec<Checkpoint>>> {
        let file = match std::fs::File::open(&self.file) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", self.file.display()));
            }
        };
        let mut out = Vec::new();
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {}", self.file.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let checkpoint = serde_json::from_str(&line).with_context(|| {
                format!("{} line {}: not a checkpoint", self.file.display(), i + 1)
            })?;
            out.push(checkpoint);
        }
        Ok(Some(out))
    }

    fn append(&self, checkpoint: &Checkpoint) -> anyhow::Result<()> {
        if let Some(dir) = self.file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut f = private_file(&self.file, false)
            .with_context(|| format!("cannot open {}", self.file.display()))?;
        let line = serde_json::to_string(checkpoint)?;
        // One write of the whole line: appends of two instances never interleave within it.
        f.write_all(format!("{line}\n").as_bytes())
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot append to {}", self.file.display()))
    }
}

/// Opens `path` for appending, creating it with mode 0600 (`new`: only if it does not exist).
fn private_file(path: &Path, new: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The chain's verification together with its checkpoints'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The hash chain walked on its own.
    pub chain: Verification,
    /// Checkpoints checked (0 when they are off or none was written yet).
    pub checkpoints: u64,
    /// The sequence number of the first checkpoint the database no longer matches: an entry at
    /// or before it was rewritten (or the chain was cut back below it).
    pub checkpoint_mismatch: Option<i64>,
    /// A checkpoint file that cannot be trusted: a line that is not a checkpoint, a signature
    /// that does not verify with the key, or the file missing while the key exists.
    pub checkpoint_error: Option<String>,
}

impl Report {
    pub fn valid(&self) -> bool {
        self.chain.valid && self.checkpoint_mismatch.is_none() && self.checkpoint_error.is_none()
    }
}

/// Walks the chain, then checks it against every checkpoint (when they are configured).
pub async fn verify(db: &impl ConnectionTrait, settings: &Settings) -> anyhow::Result<Report> {
    let chain = cebase_store::audit::verify(db).await?;
    let mut report = Report {
        chain,
        checkpoints: 0,
        checkpoint_mismatch: None,
        checkpoint_error: None,
    };
    let Some(checkpoints) = Checkpoints::from_settings(settings) else {
        return Ok(report);
    };
    let key = checkpoints.load_key()?;
    let list = match checkpoints.read() {
        Ok(list) => list,
        Err(e) => {
            report.checkpoint_error = Some(format!("{e:#}"));
            return Ok(report);
        }
    };
    let (key, list) = match (key, list) {
        (None, None) => return Ok(report),
        (Some(_), None) => {
            report.checkpoint_error = Some(format!(
                "the checkpoint file {} is missing although its key {} exists (deleted?)",
                checkpoints.file.display(),
                checkpoints.key.display()
            ));
            return Ok(report);
        }
        (None, Some(_)) => {
            report.checkpoint_error = Some(format!(
                "the checkpoint key {} is missing: the checkpoints in {} cannot be checked",
                checkpoints.key.display(),
                checkpoints.file.display()
            ));
            return Ok(report);
        }
        (Some(key), Some(list)) => (key.verifying_key(), list),
    };
    for (i, checkpoint) in list.iter().enumerate() {
        if !checkpoint.verifies_with(&key) {
            report.checkpoint_error = Some(format!(
                "checkpoint {} (line {}, entry {}) is not signed by the checkpoint key",
                i + 1,
                i + 1,
                checkpoint.seq
            ));
            return Ok(report);
        }
        report.checkpoints += 1;
        let stored = if checkpoint.seq == 0 {
            Some(cebase_domain::audit::GENESIS_HASH.to_owned())
        } else {
            cebase_store::audit::hash_at(db, checkpoint.seq).await?
        };
        if report.checkpoint_mismatch.is_none() && stored.as_deref() != Some(&checkpoint.hash) {
            report.checkpoint_mismatch = Some(checkpoint.seq);
        }
    }
    Ok(report)
}

/// What [`write`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A checkpoint was appended.
    Checkpoint(Checkpoint),
    /// The head is the last checkpoint's already (scheduled passes skip it).
    Unchanged,
}

/// Verifies the chain against the checkpoints and, if it holds, appends a signed checkpoint
/// of its head — unless `only_if_grown` and the last checkpoint is of this head already.
/// Refuses (with the reason) when the chain does not verify: a rewritten chain must not be
/// signed. Errors when checkpoints are off.
pub async fn write(
    db: &impl ConnectionTrait,
    settings: &Settings,
    only_if_grown: bool,
) -> anyhow::Result<Written> {
    let Some(checkpoints) = Checkpoints::from_settings(settings) else {
        bail!(
            "audit checkpoints are off (CEBASE_AUDIT_CHECKPOINT_KEY or CEBASE_AUDIT_CHECKPOINT_FILE is empty)"
        );
    };
    let key = match checkpoints.load_key()? {
        Some(key) => key,
        None => {
            // The first checkpoint: a new key, and the file beside it, so that from now on a
            // key without its file means the file was deleted.
            let key = checkpoints.load_or_create_key()?;
            checkpoints.create_file()?;
            key
        }
    };
    let head = cebase_store::audit::head(db).await?;
    let last = checkpoints.read()?.and_then(|l| l.last().cloned());
    if only_if_grown
        && last
            .as_ref()
            .is_some_and(|c| c.seq == head.last_seq && c.hash == head.last_hash)
    {
        return Ok(Written::Unchanged);
    }
    let report = verify(db, settings).await?;
    if !report.valid() {
        bail!(
            "the audit chain does not verify, no checkpoint written: {}",
            describe(&report)
        );
    }
    // Sign the head as verified: entries appended since then are covered by the next one.
    let checkpoint = Checkpoint::signed(&key, &head, Utc::now());
    checkpoints.append(&checkpoint)?;
    Ok(Written::Checkpoint(checkpoint))
}

impl Checkpoints {
    /// Creates the (empty) checkpoint file, so that a key without a file later means the file
    /// was deleted.
    fn create_file(&self) -> anyhow::Result<()> {
        if let Some(dir) = self.file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        private_file(&self.file, false)
            .map(drop)
            .with_context(|| format!("cannot create {}", self.file.display()))
    }
}

/// The report as the API and the command line give it.
pub fn to_dto(report: &Report) -> cebase_domain::dto::AuditVerificationDto {
    cebase_domain::dto::AuditVerificationDto {
        valid: report.valid(),
        checked: report.chain.checked,
        first_invalid: report.chain.first_invalid,
        checkpoints: report.checkpoints,
        checkpoint_mismatch: report.checkpoint_mismatch,
        checkpoint_error: report.checkpoint_error.clone(),
    }
}

/// One sentence on what is wrong, for logs and the command line.
pub fn describe(report: &Report) -> String {
    if let Some(seq) = report.chain.first_invalid {
        return format!(
            "entry {seq} does not match the chain (edited, or an entry before it was deleted)"
        );
    }
    if let Some(seq) = report.checkpoint_mismatch {
        return format!(
            "entry {seq} no longer has the hash its signed checkpoint recorded: an entry at or before {seq} was rewritten (with the later hashes recomputed) or the chain was cut back"
        );
    }
    if let Some(e) = &report.checkpoint_error {
        return e.clone();
    }
    "intact".to_owned()
}

/// Writes a checkpoint every `CEBASE_AUDIT_CHECKPOINT_INTERVAL_SECS` (the first one interval
/// after the start) while the state lives, when the chain grew. Failures are logged (a chain
/// that no longer verifies at `error`) and retried at the next interval.
pub fn spawn(state: std::sync::Weak<crate::state::AppState>) {
    let Some(interval) = state.upgrade().and_then(|s| {
        Checkpoints::from_settings(&s.settings)?;
        Some(std::time::Duration::from_secs(
            s.settings.audit_checkpoint_interval_secs,
        ))
    }) else {
        return;
    };
    crate::housekeeping::every(state, interval, |state| async move {
        match write(&state.db, &state.settings, true).await {
            Ok(Written::Checkpoint(c)) => {
                tracing::info!(seq = c.seq, "audit checkpoint written")
            }
            Ok(Written::Unchanged) => {}
            Err(e) => tracing::error!(
                error = format!("{e:#}"),
                "audit checkpoint failed; trying again at the next interval"
            ),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_verifies_only_as_signed_and_with_its_key() {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        let head = ChainHead {
            last_seq: 7,
            last_hash: "ab".repeat(32),
        };
        let c = Checkpoint::signed(&key, &head, Utc::now());
        assert!(c.verifies_with(&key.verifying_key()));
        let mut moved = c.clone();
        moved.hash = "cd".repeat(32);
        assert!(!moved.verifies_with(&key.verifying_key()), "hash changed");
        let mut later = c.clone();
        later.seq = 8;
        assert!(!later.verifies_with(&key.verifying_key()), "seq changed");
        let other = SigningKey::generate(&mut rand::rngs::OsRng);
        assert!(!c.verifies_with(&other.verifying_key()), "another key");
        let mut relabelled = Checkpoint::signed(&other, &head, Utc::now());
        relabelled.key = c.key.clone();
        assert!(
            !relabelled.verifies_with(&key.verifying_key()),
            "signed by another key under this key's name"
        );
    }
}
