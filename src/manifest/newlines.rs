//! Counting line breaks, which the readers do over every byte of a JSON stream to place each
//! document on its first line.

/// How many `\n` bytes `bytes` holds.
///
/// A plain `filter(..).count()` compiles to a loop that widens every comparison to 64 bits and
/// takes four bytes a step; counting into a byte per 64-byte block lets the compiler compare
/// whole vector registers, and the block's count (at most 64) cannot overflow the byte.
pub(super) fn count(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(64);
    let mut total = 0;
    for block in &mut blocks {
        let in_block: u8 = block.iter().map(|&byte| u8::from(byte == b'\n')).sum();
        total += usize::from(in_block);
    }
    total
        + blocks
            .remainder()
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count()
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_every_break_across_blocks_and_the_remainder() {
        assert_eq!(count(b""), 0);
        assert_eq!(count(b"no break"), 0);
        // All breaks: a full block counts 64, which must not overflow its byte.
        assert_eq!(count(&[b'\n'; 64]), 64);
        assert_eq!(count(&[b'\n'; 64 * 5 + 7]), 64 * 5 + 7);
        // Breaks at every position of blocks and remainder, against the plain count.
        for len in [1, 63, 64, 65, 127, 128, 200, 1000] {
            for every in 1..9 {
                let text: Vec<u8> = (0..len)
                    .map(|at| if at % every == 0 { b'\n' } else { b'x' })
                    .collect();
                let plain = text.iter().filter(|&&byte| byte == b'\n').count();
                assert_eq!(count(&text), plain, "length {len}, a break every {every}");
            }
        }
    }
}
