//! Shared application state handed to every handler.

use cebase_store::{Backend, DatabaseConnection};

use crate::auth::jwt::JwtKeys;
use crate::config::Settings;

pub struct AppState {
    pub db: DatabaseConnection,
    pub backend: Backend,
    pub settings: Settings,
    pub jwt: JwtKeys,
    /// An argon2id hash of a random password, verified against when the username is unknown so
    /// unknown and known accounts take the same time to refuse.
    pub dummy_hash: String,
    /// Password hashing for requests, bounded in concurrency (and so in memory).
    pub passwords: crate::auth::password::Hashing,
    /// This instance's claim on the background jobs it runs (a random owner id per process;
    /// see `crate::job_leases`).
    pub lease: cebase_store::leases::Lease,
    /// Bulk imports running on this instance, with their progress.
    pub imports: crate::imports::ImportRegistry,
    /// Certificates' signing keys (VC-JWT, status lists) and the PDF font.
    /// Shared with the blocking tasks that sign credentials.
    pub credentials: crate::credentials::CredentialKeys,
    pub certificate_font: crate::credentials::CertificateFont,
    /// Certificate batch issuances running on this instance, with their progress.
    pub certificate_batches: crate::certificates::BatchRegistry,
    /// Queues this instance's certificate writers (see `WriteGate`).
    pub certificate_writes: crate::certificates::WriteGate,
    /// Public verification's cache and refused addresses (see `crate::verification`).
    pub verification: crate::verification::VerificationCache,
    /// This server's Prometheus recorder (`GET /metrics`; off unless a metrics token is set).
    pub metrics: crate::metrics::Metrics,
}
