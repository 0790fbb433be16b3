// The whole file moves here first, so that git follows its history to the largest piece;
// the next commit splits it.
mod loading;

pub use loading::*;
