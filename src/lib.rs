//! primer
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod front_matter;
pub mod glossary;
pub mod highlight;
pub mod init;
pub mod kb;
pub mod load;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod site;
pub mod urls;
