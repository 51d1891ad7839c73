//! Built-in domain knowledge, compiled in from a reviewed data file
//! (`knowledge.yaml` beside this module): common entities and their usual
//! fields and relationships, synonyms in English and Chinese, role words, UI
//! words and type rules.
