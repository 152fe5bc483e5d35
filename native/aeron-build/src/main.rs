// Links both archives so cargo builds them; the program itself is never run.
fn main() {
    let _ = libaeron_sys::AERON_NULL_VALUE;
    let _ = libaeron_driver_sys::AERON_NULL_VALUE;
}
