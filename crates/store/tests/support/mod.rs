//! Test support: keys, fixtures, and a throwaway PostgreSQL cluster shared by one test binary.

#![allow(dead_code, reason = "each test binary uses part of the support module")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test support: a failure here is a failing test"
)]

pub mod pg;

use std::sync::atomic::{AtomicU64, Ordering};

use weiquan_caseflow::{Case, ProcedureSelection};
use weiquan_complaint::Complaint;
use weiquan_routing::{DecisionReport, Router};
use weiquan_store::{Attribution, Intake, Store, StoreKey};

pub const KEY_HEX: &str = "3c1e5a7f0b2d4c6e8f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0d2e";
pub const OTHER_KEY_HEX: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

/// The planted consumer name: in no generated complaint, so finding it in raw bytes means
/// the store leaked it.
pub const PLANTED_NAME: &str = "欧阳测试甲";
pub const PLANTED_ADDRESS: &str = "石家庄市长安区测试路九九九号";

pub fn key() -> StoreKey {
    StoreKey::from_hex(KEY_HEX).unwrap()
}

/// A backend under test: makes a fresh, empty store (and reopens one).
pub trait Backend {
    /// A new store in an empty database; `None` when the backend is unavailable locally.
    fn fresh(&self) -> Option<Fresh>;
}

/// A fresh store and how to reopen its database.
pub struct Fresh {
    pub store: Store,
    reopen: Box<dyn Fn(StoreKey) -> weiquan_store::Result<Store>>,
    _dir: Option<tempfile::TempDir>,
    pub path: Option<std::path::PathBuf>,
}

impl Fresh {
    pub fn reopen(&self, key: StoreKey) -> weiquan_store::Result<Store> {
        (self.reopen)(key)
    }
}

pub struct SqliteBackend;

impl Backend for SqliteBackend {
    fn fresh(&self) -> Option<Fresh> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cases.db");
        let store = Store::open_sqlite(&path, key()).unwrap();
        let p = path.clone();
        Some(Fresh {
            store,
            reopen: Box::new(move |k| Store::open_sqlite(&p, k)),
            _dir: Some(dir),
            path: Some(path),
        })
    }
}

pub struct PostgresBackend;

impl Backend for PostgresBackend {
    fn fresh(&self) -> Option<Fresh> {
        let url = pg::fresh_database()?;
        let store = Store::open_postgres(&url, key()).unwrap();
        Some(Fresh {
            store,
            reopen: Box::new(move |k| Store::open_postgres(&url, k)),
            _dir: None,
            path: None,
        })
    }
}

static SEED: AtomicU64 = AtomicU64::new(1);

/// A generated complaint that the Shijiazhuang ruleset routes and caseflow can open, with a
/// unique id, and its decision.
pub fn routed() -> (Complaint, DecisionReport) {
    let router = Router::shijiazhuang().unwrap();
    loop {
        let seed = SEED.fetch_add(1, Ordering::Relaxed);
        let mut generator = weiquan_synth::generate::Generator::new(seed);
        let complaint = generator.next_generated().complaint;
        if Case::open_complaint(&complaint, ProcedureSelection::MarketRegulation).is_err() {
            continue;
        }
        if let Ok(decision) = router.route(&complaint) {
            let report = decision.report(&complaint.id);
            return (complaint, report);
        }
    }
}

/// An intake of a fresh complaint with a unique id and idempotency key.
pub fn intake() -> Intake {
    let (mut complaint, mut decision) = routed();
    let n = SEED.fetch_add(1, Ordering::Relaxed);
    complaint.id = format!("T-{}-{n}", std::process::id());
    decision.complaint_id = complaint.id.clone();
    let case = Case::open_complaint(&complaint, ProcedureSelection::MarketRegulation).unwrap();
    Intake {
        idempotency_key: format!("idem-{}", complaint.id),
        complaint,
        case,
        decision,
        attribution: Attribution::default(),
        recorded_by: "intake-test".into(),
    }
}

/// An intake whose personal data is planted: a name and address found nowhere else, the
/// generated mobile and resident ID, and a narrative that repeats the mobile.
pub fn planted_intake() -> Intake {
    let mut i = intake();
    i.complaint.consumer.name = PLANTED_NAME.into();
    i.complaint.consumer.address = PLANTED_ADDRESS.into();
    i.complaint.description = format!(
        "本人{}于店内购买的商品存在质量问题，联系电话{}。",
        PLANTED_NAME, i.complaint.consumer.mobile
    );
    i
}
