//! `check`: a registry of lint rules over a [`Design`](crate::model::Design),
//! one file per rule under `rules/`, each with a stable code and a kebab-case
//! name that names the problem.
