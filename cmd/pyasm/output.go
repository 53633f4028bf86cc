package main

import (
	"os"
	"path/filepath"
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
func writeAtomic(path string, data []byte, perm os.FileMode) (err error) {
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
