"""The names every part of nn-tutor agrees on, in one light module (no NumPy), so that the
command line can offer them before anything heavy is imported."""

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")   # any layer
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")   # the last layer: one unit, or one unit per class
COSTS = ("cross_entropy", "mse")
INITS = ("zeros", "small_random", "large_random", "xavier", "he")
DATASETS = ("flower", "xor", "circles", "moons", "blobs", "spiral")
QUIZ_TOPICS = ("sigmoid", "tanh", "relu", "leaky_relu", "symbolic", "chain", "shared_node",
               "logistic", "mse", "two_layer", "shapes", "update", "vanishing", "softmax",
               "shapes_k")
COMPARE_FIELDS = ("learning_rate", "batch", "activation", "init", "hidden", "cost")
MAX_SEED = 2**31 - 1     # NumPy's RandomState takes seeds below 2**32; the Trainer adds up to 2

# How the lessons name each setting, beside its id (the id is what lesson files and the
# command line take; the panel shows both where a learner reads settings).
DISPLAY_NAMES = {
    "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
    "linear": "linear", "softmax": "softmax",
    "cross_entropy": "cross-entropy", "mse": "squared error",
    "zeros": "zeros", "small_random": "small random (×0.01)", "large_random": "large random (×10)",
    "xavier": "Xavier (×√(1/n[l−1]))", "he": "He (×√(2/n[l−1]))",
    "flower": "flower", "xor": "XOR", "circles": "circles", "moons": "moons", "blobs": "blobs",
    "spiral": "spiral",
    "full": "full batch", "sgd": "SGD (1 example)",
}


def display_name(setting) -> str:
    """A setting as the lessons name it: `large_random` -> "large random (×10)"; a name with
    none of its own reads with spaces for underscores, a number as itself."""
    return DISPLAY_NAMES.get(setting, str(setting).replace("_", " "))
