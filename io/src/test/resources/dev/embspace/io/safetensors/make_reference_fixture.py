# Writes reference-numpy.safetensors with the reference implementation (pip package `safetensors`),
# so the Java reader is tested against a file it did not write itself. Run from this directory:
#   python3 make_reference_fixture.py
# SafetensorsReferenceFileTest holds the same values.
import numpy as np
from safetensors.numpy import save_file

tensors = {
    "dense.weight": np.array([[0.5, -1.25, 3.0], [1e-3, -7.5, 65504.0]], dtype=np.float32),
    "dense.bias": np.array([0.1, -0.2, 0.3, 1.0], dtype=np.float16),
    "embeddings.position_ids": np.array([0, 1, 2], dtype=np.int64),
    "empty": np.zeros((0, 2), dtype=np.float32),
    "scale": np.array(2.5, dtype=np.float32),
}
save_file(tensors, "reference-numpy.safetensors", metadata={"format": "np", "note": "written by safetensors.numpy"})
