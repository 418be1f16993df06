"""The ten agents, and the stage order as one table."""

from __future__ import annotations

from narra_forge.agents.a01_brief_interpreter import BriefInterpreter
from narra_forge.agents.a02_world_architect import WorldArchitect
from narra_forge.agents.a03_character_architect import CharacterArchitect
from narra_forge.agents.a04_structure_designer import StructureDesigner
from narra_forge.agents.a05_segment_planner import SegmentPlanner
from narra_forge.agents.a06_sequential_generator import SequentialGenerator
from narra_forge.agents.a07_coherence_validator import CoherenceValidator
from narra_forge.agents.a08_language_stylizer import LanguageStylizer
from narra_forge.agents.a09_editorial_reviewer import EditorialReviewer
from narra_forge.agents.a10_output_processor import OutputProcessor
from narra_forge.agents.base import PIPELINE_NAME, Agent

#: the pipeline, in order: stage i runs PIPELINE[i - 1]
PIPELINE: tuple[Agent, ...] = (
    BriefInterpreter(),
    WorldArchitect(),
    CharacterArchitect(),
    StructureDesigner(),
    SegmentPlanner(),
    SequentialGenerator(),
    CoherenceValidator(),
    LanguageStylizer(),
    EditorialReviewer(),
    OutputProcessor(),
)

AGENTS_BY_ID: dict[str, Agent] = {agent.id: agent for agent in PIPELINE}

__all__ = ["AGENTS_BY_ID", "PIPELINE", "PIPELINE_NAME", "Agent"]
