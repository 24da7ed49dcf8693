use std::cell::RefCell;

// A `RefCell` checks its borrows at run time, but only from one thread: it is not `Sync`.
static CURRENT_USER: RefCell<&str> = RefCell::new("nobody");

fn main() {
    *CURRENT_USER.borrow_mut() = "Alice";
    println!("Handled by: {}", CURRENT_USER.borrow());
}
