package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// tempFile is what writeAtomic does with its temporary file; *os.File is one.
type tempFile interface {
	Name() string
	Write(b []byte) (int, error)
	Chmod(mode os.FileMode) error
	Close() error
}

// fileSystem is what writeAtomic needs of the file system. Writing goes
// through outputFS so that tests can make any step fail as a full disk or a
// refused rename would, which a real file system will not do on demand.
type fileSystem interface {
	CreateTemp(dir, pattern string) (tempFile, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
}

// osFS is the real file system.
type osFS struct{}

func (osFS) CreateTemp(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }
func (osFS) Rename(oldpath, newpath string) error             { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error                         { return os.Remove(name) }

// outputFS is the file system writeAtomic writes through.
var outputFS fileSystem = osFS{}

// writeAtomic writes data to path so that path is either left as it was or
// holds all of data: the bytes go to a temporary file in the same directory,
// which is renamed over path only once it is complete. On any failure the
// temporary file is removed. The file is not synced to disk: like a
// compiler's output (and CPython's own .pyc writes), it can be made again,
// and a sync per file is most of the time a tree of small files takes.
//
// A regular file at path that already holds data, with perm, is left as
// it is, but for its modification time, which is set as writing would
// set it (a make rule that ran sees its target new). A file written anew
// costs the file system a new inode and frees the old one; a tree of
// outputs made again, most of them unchanged, spent a sixth of its time
// there.
func writeAtomic(path string, data []byte, perm os.FileMode) (err error) {
	if holds(path, data, perm) {
		now := time.Now()
		if os.Chtimes(path, now, now) == nil {
			return nil
		}
	}
	dir := filepath.Dir(path)
	tmp, err := outputFS.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			outputFS.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return outputFS.Rename(tmp.Name(), path)
}

// compareChunks lends holds its buffer: a tree's outputs are read through
// one buffer a worker, not allocated whole.
var compareChunks = sync.Pool{New: func() any { return new([64 << 10]byte) }}

// holds reports whether path is a regular file with permissions perm and
// exactly the bytes of data. It reads no more than the first chunk that
// differs, and nothing when the size or permissions do.
func holds(path string, data []byte, perm os.FileMode) bool {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != perm || st.Size() != int64(len(data)) {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	chunk := compareChunks.Get().(*[64 << 10]byte)
	defer compareChunks.Put(chunk)
	for len(data) > 0 {
		n, err := io.ReadFull(f, chunk[:min(len(chunk), len(data))])
		if err != nil || !bytes.Equal(chunk[:n], data[:n]) {
			return false
		}
		data = data[n:]
	}
	// The file may have grown since Lstat.
	n, _ := f.Read(chunk[:1])
	return n == 0
}
