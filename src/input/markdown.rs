//! Markdown helpers shared by the readers of requirements, architecture and
//! storage documents: sections with their heading lines, tables with header
//! lookup by synonyms (English and Chinese), cells stripped of markup.
