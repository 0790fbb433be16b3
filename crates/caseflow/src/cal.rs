//! The calendar this crate counts with: `weiquan-calendar`, re-exported so that callers can
//! pass their own (with more years loaded, or provisional answers switched off).

pub use weiquan_calendar::{Calendar, Error as CalendarError};
