fn main() { println!("{}", quorum_core::version()); }
