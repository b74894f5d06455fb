//! Files that survive a crash, stay private, and are held by one process at a time.
//!
//! Every durable write is a "commit": a temporary file renamed over the old one. The commit
//! points can be counted and a crash injected before any of them, which is how the tests prove
//! that a process killed at any instant leaves state that resumes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Creates a directory (and its parents) that only its owner can read: the journal holds
/// account ids, ARNs and names.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

fn open_private_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    // create_new: never follow a planted symlink or reuse someone's file.
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

/// Writes a file so that a crash leaves the old or the new content: temp file, rename, and with
/// `durable` an fsync of both, so that even a power cut leaves one of them. The temporary file is
/// removed when anything fails.
pub fn write_atomic(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = dir.join(format!(
        "{}{}-{}",
        temp_prefix(path),
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut f = open_private_new(&tmp)?;
        f.write_all(bytes)?;
        if durable {
            f.sync_all()?;
        }
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if durable && let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn temp_prefix(path: &Path) -> String {
    format!(".{}.tmp-", path.file_name().and_then(|n| n.to_str()).unwrap_or("file"))
}

/// Removes temporary files a killed process left beside `path`. Call it only while holding the
/// lock that guards `path`, so that no live writer's file is taken.
pub fn sweep_temporaries(path: &Path) {
    let (Some(dir), prefix) = (path.parent(), temp_prefix(path)) else {
        return;
    };
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The commits of one process, counted so that a crash can be injected before the Nth
/// (`--fault commit@N`). After the crash no further commit happens: what is on disk is exactly
/// what a process killed at that instant would have left.
#[derive(Debug, Default)]
pub struct CommitPoints {
    count: AtomicU64,
    crash_before: Option<u64>,
    exit_process: bool,
    crashed: AtomicBool,
}

/// Returned for a commit that did not happen because of an injected crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crashed;

impl CommitPoints {
    /// Counts commits and never crashes.
    pub fn counting() -> Arc<CommitPoints> {
        Arc::new(CommitPoints::default())
    }

    /// Crashes before the commit numbered `n` (from 1); in the binary the process exits.
    pub fn crash_before(n: u64, exit_process: bool) -> Arc<CommitPoints> {
        Arc::new(CommitPoints {
            crash_before: Some(n),
            exit_process,
            ..CommitPoints::default()
        })
    }

    /// Asks for the next commit; Err once the injected crash has happened.
    pub fn next(&self) -> Result<(), Crashed> {
        if self.crashed.load(Ordering::SeqCst) {
            return Err(Crashed);
        }
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        if self.crash_before == Some(n) {
            if self.exit_process {
                eprintln!("tipwiz: crash injected before commit {n}");
                std::process::exit(137);
            }
            self.crashed.store(true, Ordering::SeqCst);
            return Err(Crashed);
        }
        Ok(())
    }

    /// How many commits were asked for.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    pub fn crashed(&self) -> bool {
        self.crashed.load(Ordering::SeqCst)
    }
}

/// A lock held by this process on a file, taken with the kernel's advisory lock (flock): it is
/// atomic, and the kernel releases it when the process dies, so a crash never leaves a lock that
/// blocks the next run. The file itself stays; it only records who holds it, for the message.
#[derive(Debug)]
pub struct FileLock {
    file: std::fs::File,
    path: PathBuf,
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Someone else holds it; what they wrote about themselves, if anything.
    Held {
        holder: Option<String>,
    },
    Io(std::io::Error),
}

impl FileLock {
    /// Takes the lock without waiting, and writes `holder` into the file for others to read.
    pub fn try_take(path: &Path, holder: &str) -> Result<FileLock, LockError> {
        let mut o = std::fs::OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o.open(path).map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                return Err(LockError::Held {
                    holder: (!text.trim().is_empty()).then(|| text.trim().to_string()),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        let lock = FileLock {
            file,
            path: path.to_path_buf(),
        };
        lock.record(holder).map_err(LockError::Io)?;
        Ok(lock)
    }

    /// Takes the lock, waiting for another holder to let go.
    pub fn take(path: &Path) -> std::io::Result<FileLock> {
        let mut o = std::fs::OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o.open(path)?;
        file.lock()?;
        Ok(FileLock {
            file,
            path: path.to_path_buf(),
        })
    }

    fn record(&self, holder: &str) -> std::io::Result<()> {
        let mut f = &self.file;
        f.set_len(0)?;
        std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(0))?;
        f.write_all(holder.as_bytes())?;
        f.flush()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Emptied so a reader never mistakes a past holder for a present one; never removed,
        // since a process waiting on this inode would then lock a file nobody else sees.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should go: the rename fails after the temp was written.
        let target = dir.path().join("journal.json");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        assert!(write_atomic(&target, b"{}", true).is_err());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["journal.json"]);
    }

    #[test]
    fn a_lock_has_one_holder_who_is_named_and_lets_go_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let first = FileLock::try_take(&path, "process 1").unwrap();
        match FileLock::try_take(&path, "process 2") {
            Err(LockError::Held { holder }) => assert_eq!(holder.as_deref(), Some("process 1")),
            other => panic!("a second holder: {other:?}"),
        }
        drop(first);
        // Emptied, not removed; and an empty lock file is free, not "stale".
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
        let second = FileLock::try_take(&path, "process 2").unwrap();
        assert_eq!(std::fs::read_to_string(second.path()).unwrap(), "process 2");
    }

    #[test]
    fn after_an_injected_crash_no_commit_happens() {
        let c = CommitPoints::crash_before(2, false);
        assert_eq!(c.next(), Ok(()));
        assert_eq!(c.next(), Err(Crashed));
        assert_eq!(c.next(), Err(Crashed));
        assert!(c.crashed());
        assert_eq!(c.count(), 2);
    }
}
