//! Password hashing with argon2id at OWASP parameters (m = 19 MiB, t = 2, p = 1), always off the
//! async runtime: one hash costs tens of milliseconds of CPU and 19 MiB of memory. Requests hash
//! through [`Hashing`], which runs at most `CEBASE_PASSWORD_HASH_CONCURRENCY` at once, so a flood
//! of logins queues instead of taking memory without bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use anyhow::{Context, anyhow};
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};

fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow!("argon2 hash: {e}"))
}

pub fn verify_blocking(password: &str, hash: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(hash).map_err(|e| anyhow!("stored hash does not parse: {e}"))?;
    Ok(argon2()?
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .context("password hashing task failed")?
}

/// Hashing for requests: at most a fixed number of argon2 computations at once.
pub struct Hashing {
    permits: Arc<Semaphore>,
    running: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl Hashing {
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            running: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// Runs `work` on the blocking pool once a permit is free. The permit moves into the blocking
    /// task, so a request that gives up waiting does not free it while the hash still runs.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .context("password hashing is shut down")?;
        let (running, peak) = (Arc::clone(&self.running), Arc::clone(&self.peak));
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let result = work();
            running.fetch_sub(1, Ordering::SeqCst);
            result
        })
        .await
        .context("password hashing task failed")?
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        self.run(move || hash_blocking(&password)).await
    }

    pub async fn verify(&self, password: String, hash: String) -> anyhow::Result<bool> {
        self.run(move || verify_blocking(&password, &hash)).await
    }

    /// The most computations that ran at once so far.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = hash_blocking("correct horse").expect("hashes");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse", &h).expect("verifies"));
        assert!(!verify_blocking("correct horse!", &h).expect("verifies"));
        assert_ne!(h, hash_blocking("correct horse").expect("hashes"), "salted");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_permitted() {
        let hashing = Arc::new(Hashing::new(2));
        let stored = hashing.hash("correct horse".into()).await.expect("hashes");
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (hashing, stored) = (Arc::clone(&hashing), stored.clone());
                tokio::spawn(async move { hashing.verify("wrong".into(), stored).await })
            })
            .collect();
        for task in tasks {
            assert!(!task.await.expect("joins").expect("verifies"));
        }
        let peak = hashing.peak();
        assert!((1..=2).contains(&peak), "{peak} hashes ran at once");
    }
}
