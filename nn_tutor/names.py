"""The names every part of nn-tutor agrees on, in one light module (no NumPy), so that the
command line can offer them before anything heavy is imported."""

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")  # any layer
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")  # the last layer: one unit, or one unit per class
COSTS = ("cross_entropy", "mse")
INITS = ("zeros", "small_random", "large_random", "xavier", "he")
DATASETS = ("flower", "xor", "circles", "moons", "blobs", "spiral")
QUIZ_TOPICS = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "symbolic",
    "chain",
    "shared_node",
    "logistic",
    "mse",
    "two_layer",
    "shapes",
    "update",
    "vanishing",
    "softmax",
    "shapes_k",
)
COMPARE_FIELDS = ("learning_rate", "batch", "activation", "init", "hidden", "cost")
MAX_SEED = 2**31 - 1  # NumPy's RandomState takes seeds below 2**32; the Trainer adds up to 2

# how the panel writes a setting's value (anything not here is written as it is)
SHOWN_NAMES = {
    "cross_entropy": "cross-entropy",
    "mse": "squared error ½(a−y)²",
    "zeros": "zeros",
    "small_random": "small random (×0.01)",
    "large_random": "large random (×10)",
    "xavier": "Xavier (×√(1/n))",
    "he": "He (×√(2/n))",
    "leaky_relu": "leaky ReLU",
    "relu": "ReLU",
    "full": "full batch",
    "sgd": "SGD (1 example)",
}
FIELD_NAMES = {
    "learning_rate": "learning rates",
    "batch": "batch sizes",
    "activation": "activations",
    "init": "initialisations",
    "hidden": "hidden layer sizes",
    "cost": "costs",
}


def shown_name(field: str, value) -> str:
    """A compare run's setting as the learner reads it: init large_random -> "large random (×10)"."""
    if field == "hidden":
        return f"{value} hidden unit{'s' if str(value) != '1' else ''}"
    if field == "learning_rate":
        return f"α = {value}"
    if field == "batch" and str(value) not in SHOWN_NAMES:
        return f"mini-batch {value}"
    return SHOWN_NAMES.get(str(value), str(value))
