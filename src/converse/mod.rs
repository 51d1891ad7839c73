//! The conversation of storage-stage.md steps 2-4 at a terminal, the answers
//! file that replays it, and merging into an existing document.
