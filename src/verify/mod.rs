//! `verify`: apply the DDL in a throw-away sandbox of a real database and
//! EXPLAIN every query pattern. The only module that opens a connection.
