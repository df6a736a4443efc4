"""Reference for `npm run bench:import`: a catalog import in Python on the same files, in the same minute.

Walks a folder, reads each DICOM header with pydicom (stop_before_pixels: the pixel data is not read) and inserts
patient, study, series and instance rows into a new SQLite database, one transaction per 128 files, as LatentRad's
importer commits its batches. Prints one JSON line: {"files": N, "seconds": wall time of walk + reads + inserts}.
"""
import argparse
import json
import os
import sqlite3
import tempfile
import time

import pydicom

SCHEMA = """
create table patient (id integer primary key, patient_id text, name text, unique (patient_id, name));
create table study (id integer primary key, uid text unique, patient integer, date text, description text);
create table series (id integer primary key, uid text unique, study integer, modality text, description text, number integer);
create table instance (id integer primary key, uid text unique, series integer, path text, size integer, mtime real,
  rows integer, columns integer, number integer, position text, orientation text, spacing text, transfer_syntax text);
"""


def text(ds, keyword):
    value = ds.get(keyword)
    return None if value is None else str(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(os.path.join(tmp, "catalog.db"), isolation_level=None)
        db.execute("pragma journal_mode=wal")
        db.executescript(SCHEMA)
        started = time.perf_counter()
        paths = sorted(os.path.join(d, f) for d, _, names in os.walk(args.folder) for f in names)
        for start in range(0, len(paths), args.batch):
            headers = []
            for path in paths[start:start + args.batch]:
                st = os.stat(path)
                headers.append((path, st, pydicom.dcmread(path, stop_before_pixels=True)))
            db.execute("begin")
            for path, st, ds in headers:
                db.execute("insert or ignore into patient (patient_id, name) values (?, ?)", (text(ds, "PatientID"), text(ds, "PatientName")))
                patient = db.execute("select id from patient where patient_id is ? and name is ?", (text(ds, "PatientID"), text(ds, "PatientName"))).fetchone()[0]
                db.execute("insert or ignore into study (uid, patient, date, description) values (?, ?, ?, ?)",
                           (text(ds, "StudyInstanceUID"), patient, text(ds, "StudyDate"), text(ds, "StudyDescription")))
                study = db.execute("select id from study where uid = ?", (text(ds, "StudyInstanceUID"),)).fetchone()[0]
                db.execute("insert or ignore into series (uid, study, modality, description, number) values (?, ?, ?, ?, ?)",
                           (text(ds, "SeriesInstanceUID"), study, text(ds, "Modality"), text(ds, "SeriesDescription"), text(ds, "SeriesNumber")))
                series = db.execute("select id from series where uid = ?", (text(ds, "SeriesInstanceUID"),)).fetchone()[0]
                db.execute("insert or replace into instance (uid, series, path, size, mtime, rows, columns, number, position, orientation, spacing, transfer_syntax)"
                           " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (text(ds, "SOPInstanceUID"), series, path, st.st_size, st.st_mtime, ds.get("Rows"), ds.get("Columns"), text(ds, "InstanceNumber"),
                            text(ds, "ImagePositionPatient"), text(ds, "ImageOrientationPatient"), text(ds, "PixelSpacing"),
                            str(ds.file_meta.get("TransferSyntaxUID", ""))))
            db.execute("commit")
        seconds = time.perf_counter() - started
        db.close()
    result = {"files": len(paths), "seconds": seconds}
    print(json.dumps(result) if args.json else f"{len(paths)} files in {seconds:.2f} s")


if __name__ == "__main__":
    main()
