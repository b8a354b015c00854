//! Sorting by text keys with one instance of the standard library's stable
//! sort (each `sort_by` on a new element type adds ≈3 KB of wasm): the keys'
//! order is computed once, non-generically, and the items are moved into it.

/// Sort `items` by `key`, stably, as `items.sort_by(|a, b| key(a).cmp(key(b)))` would.
pub fn sort_by_text<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    let order = stable_order(&items.iter().map(key).collect::<Vec<&str>>());
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The indexes of `keys` in ascending key order, ties in their original order.
fn stable_order(keys: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(keys[b]));
    order
}

#[cfg(test)]
mod tests {
    use super::sort_by_text;

    #[test]
    fn sorts_stably_by_the_key() {
        let mut items = vec![("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5)];
        sort_by_text(&mut items, |item| item.0);
        assert_eq!(items, [("a", 2), ("a", 4), ("b", 1), ("b", 3), ("c", 5)]);
    }
}
