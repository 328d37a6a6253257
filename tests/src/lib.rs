//! Black-box tests of cebase.
