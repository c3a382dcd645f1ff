fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let stack: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(2 << 20);
    let text = format!("{}NULL;{}\n/\n", "BEGIN ".repeat(n), " END;".repeat(n));
    let h = std::thread::Builder::new().stack_size(stack).spawn(move || {
        let out = sqlport::check(&text, &sqlport::Options::new(sqlport::Source::Oracle, sqlport::Target::Dameng));
        println!("{n}: {} findings", out.findings.len());
    }).unwrap();
    let _ = h.join();
}
