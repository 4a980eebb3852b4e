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
