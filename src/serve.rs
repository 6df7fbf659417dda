//! `primer serve`: arrives with the live-preview work.

use crate::cli::ServeArgs;

pub fn run(_args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("`primer serve` is not available in this build yet")
}
