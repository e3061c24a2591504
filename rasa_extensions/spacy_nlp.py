"""Rasa's `SpacyNLP`, loading only the parts of the spaCy pipeline the assistant uses.

The assistant takes from spaCy its tokens and the static word vectors (the dense
features). Rasa's own `SpacyNLP` runs every component of `fr_core_news_md` but the parser
on every message (tagger, lemmatizer, entity recogniser): most of spaCy's time, for
annotations the classifier does without. This component leaves out the components named
in `exclude`.

The class keeps the name `SpacyNLP` on purpose: Rasa hands the loaded model to the spaCy
tokenizer and featurizer by looking for a node of that class name.
"""

from __future__ import annotations

from typing import Any

import spacy
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Loads a spaCy model without the pipeline components listed in `exclude`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**spacy_utils.SpacyNLP.get_default_config(), "exclude": []}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        config = {**cls.get_default_config(), **config}
        name = config.get("model")
        if not name or not spacy.util.is_package(name):
            cls.load_model(name)  # Rasa's loader explains what is missing and how to get it
        language = spacy.load(name, exclude=list(config["exclude"]))
        cls.ensure_proper_language_model(language)
        return cls(SpacyModel(model=language, model_name=name), config)
