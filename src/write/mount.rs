//! Mount: whether the output folder is a mount point, which no rename can replace (`EBUSY`).
//!
//! Two signs, either enough: the folder is on another device than its parent (a volume, a tmpfs),
//! or, on Linux, `/proc/self/mountinfo` lists it as a mount point, which also finds a folder of
//! the same file system bind-mounted there (a container's volume of a host folder).

use std::path::Path;

/// Why such an output is refused, and what to do instead.
pub const WHY: &str = "it is a mount point, and a build replaces the output folder whole, in one \
    step, so that readers never see half a site; a mount point cannot be replaced like that\n  \
    = help: mount the volume one folder up and build into a folder inside it (`--output <mount>/public`), \
    or build elsewhere with `--output` and copy the site into the mount point";

/// Whether `dir`, an absolute path with links resolved, is a mount point.
pub fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(here), Some(Ok(above))) = (std::fs::metadata(dir), dir.parent().map(std::fs::metadata))
            && here.dev() != above.dev()
        {
            return true;
        }
    }
    #[cfg(target_os = "linux")]
    if let Ok(table) = std::fs::read_to_string("/proc/self/mountinfo") {
        // The fifth field is the mount point, with space, tab, newline and backslash as octal escapes.
        return table.lines().filter_map(|line| line.split(' ').nth(4)).any(|point| Path::new(&unescape(point)) == dir);
    }
    false
}

/// `\040` → space, and so on for the octal escapes of mountinfo.
#[cfg(target_os = "linux")]
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal =
            bytes.get(i + 1..i + 4).filter(|d| bytes[i] == b'\\' && d.iter().all(|b| (b'0'..=b'7').contains(b)));
        match octal {
            Some(d) => {
                out.push(d.iter().fold(0u8, |n, b| n.wrapping_mul(8).wrapping_add(b - b'0')));
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
